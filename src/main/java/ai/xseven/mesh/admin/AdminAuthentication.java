package ai.xseven.mesh.admin;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A bearer token presented for the admin role: unauthenticated as read from the request,
 * authenticated once it matched.
 */
final class AdminAuthentication extends AbstractAuthenticationToken {

	static final String ROLE = "ADMIN";

	private String token;

	private AdminAuthentication(String token, boolean authenticated) {
		super(authenticated ? List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)) : List.of());
		this.token = token;
		setAuthenticated(authenticated);
	}

	static AdminAuthentication presented(String token) {
		return new AdminAuthentication(token, false);
	}

	static AdminAuthentication verified() {
		return new AdminAuthentication(null, true);
	}

	@Override
	public Object getCredentials() {
		return this.token;
	}

	@Override
	public Object getPrincipal() {
		return "admin";
	}

	@Override
	public void eraseCredentials() {
		super.eraseCredentials();
		this.token = null;
	}

}
