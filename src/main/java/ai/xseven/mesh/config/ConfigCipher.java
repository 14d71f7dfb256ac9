package ai.xseven.mesh.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.encrypt.TextEncryptor;
import org.springframework.util.StringUtils;

/**
 * Keeps the secret values of runtime changes encrypted at rest: stored as {@code {cipher}} values
 * (the prefix of Spring Cloud's encrypted values), with a text encryptor keyed by
 * {@code encrypt.key} ({@code ENCRYPT_KEY}), the same on every instance of a fleet. The encryptor is
 * Spring Security's authenticated one (AES-GCM), so that a value read with another key is refused,
 * never decrypted into something else.
 */
public final class ConfigCipher {

	/** What starts an encrypted value. */
	public static final String PREFIX = "{cipher}";

	// Fixed, as the key is shared by the fleet; hex, as the encryptor wants it.
	private static final String SALT = "5a17c0de";

	private final TextEncryptor encryptor;

	/**
	 * @param encryptor the encryptor, {@code null} when there is no key
	 */
	public ConfigCipher(TextEncryptor encryptor) {
		this.encryptor = encryptor;
	}

	/**
	 * The cipher of the environment's {@code encrypt.key}.
	 * @param environment the environment
	 * @return the cipher, one that cannot encrypt when there is no key
	 */
	public static ConfigCipher of(Environment environment) {
		String key = environment.getProperty("encrypt.key");
		return StringUtils.hasText(key) ? keyed(key.strip()) : new ConfigCipher(null);
	}

	/**
	 * The cipher of a key.
	 * @param key the key
	 * @return the cipher
	 */
	public static ConfigCipher keyed(String key) {
		return new ConfigCipher(Encryptors.delux(key, SALT));
	}

	/**
	 * Whether there is a key, and so whether secrets may be changed at runtime.
	 * @return whether values can be encrypted
	 */
	public boolean canEncrypt() {
		return this.encryptor != null;
	}

	/**
	 * Runtime values as they are stored: each secret one encrypted (unless it already is). Without
	 * a key, values are stored as they come: a change of a secret is refused before it gets here,
	 * so a secret in clear can only be one carried over from a version stored before secrets were
	 * encrypted (it is encrypted with the first change made with a key).
	 * @param values the runtime values
	 * @return them with every secret as a {@code {cipher}} value
	 */
	public Map<String, Object> sealed(Map<String, Object> values) {
		Map<String, Object> sealed = new LinkedHashMap<>();
		values.forEach((name, value) -> {
			if (this.encryptor != null && value != null && ConfigView.isSecret(name)
					&& !value.toString().startsWith(PREFIX)) {
				sealed.put(name, PREFIX + this.encryptor.encrypt(value.toString()));
			}
			else {
				sealed.put(name, value);
			}
		});
		return sealed;
	}

	/**
	 * Stored runtime values as they are used: each {@code {cipher}} value decrypted.
	 * @param version the version they are of, for the error
	 * @param values the stored values
	 * @return them in clear
	 * @throws UndecryptableVersionException when a value cannot be decrypted here
	 */
	public Map<String, Object> opened(long version, Map<String, Object> values) {
		Map<String, Object> opened = new LinkedHashMap<>();
		values.forEach((name, value) -> {
			if (value instanceof String text && text.startsWith(PREFIX)) {
				if (this.encryptor == null) {
					throw new UndecryptableVersionException(version, name + " is encrypted and this instance has no "
							+ "ENCRYPT_KEY");
				}
				try {
					opened.put(name, this.encryptor.decrypt(text.substring(PREFIX.length())));
				}
				catch (RuntimeException ex) {
					throw new UndecryptableVersionException(version, name + " cannot be decrypted with this instance's "
							+ "ENCRYPT_KEY");
				}
			}
			else {
				opened.put(name, value);
			}
		});
		return opened;
	}

	/**
	 * A stored version with a value this instance cannot decrypt: a different or missing key.
	 */
	public static class UndecryptableVersionException extends RuntimeException {

		private final long version;

		UndecryptableVersionException(long version, String message) {
			super(message);
			this.version = version;
		}

		public long getVersion() {
			return this.version;
		}

	}

}
