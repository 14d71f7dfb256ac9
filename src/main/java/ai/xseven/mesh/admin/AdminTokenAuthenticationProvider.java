package ai.xseven.mesh.admin;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Grants the admin role to a request whose bearer token is the admin token.
 */
class AdminTokenAuthenticationProvider implements AuthenticationProvider {

	private final AdminToken token;

	AdminTokenAuthenticationProvider(AdminToken token) {
		this.token = token;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		if (!this.token.matches((String) authentication.getCredentials())) {
			throw new BadCredentialsException("Invalid admin token");
		}
		return AdminAuthentication.verified();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return AdminAuthentication.class.isAssignableFrom(authentication);
	}

}
