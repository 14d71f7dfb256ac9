package ai.xseven.mesh.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.StringUtils;

/**
 * The admin token, held only as its SHA-256 digest so that a comparison takes the same time
 * whatever the presented token is, and the token itself is never kept in a field to leak.
 */
final class AdminToken {

	private static final Log logger = LogFactory.getLog(AdminToken.class);

	private final byte[] digest;

	private AdminToken(String token) {
		this.digest = sha256(token);
	}

	/**
	 * The configured token, or a generated one announced once at WARN (the only way to learn it).
	 * @param configured the configured token, may be empty
	 * @return the admin token
	 */
	static AdminToken of(String configured) {
		if (StringUtils.hasText(configured)) {
			return new AdminToken(configured);
		}
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		logger.warn("No ADMIN_TOKEN set; using generated admin token: " + generated
				+ " (set ADMIN_TOKEN to choose one; this token changes at every start)");
		return new AdminToken(generated);
	}

	/**
	 * Whether a presented token is this one, in constant time.
	 * @param presented the token from the request
	 * @return whether it matches
	 */
	boolean matches(String presented) {
		return presented != null && MessageDigest.isEqual(this.digest, sha256(presented));
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "AdminToken[******]";
	}

}
