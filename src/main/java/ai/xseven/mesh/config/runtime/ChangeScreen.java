package ai.xseven.mesh.config.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import ai.xseven.mesh.config.ConfigCipher;
import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.ConfigView;

/**
 * What a change's names and values must be before anything is bound from them: literal (never a
 * placeholder, never a {@code {cipher}} value), of a known section that may change at runtime, a
 * secret only where it can be stored encrypted.
 */
class ChangeScreen {

	private static final Set<String> FIXED_SECTIONS = Set.of("admin");

	// Where the fleet's versions, heartbeats and outbox are: a runtime change would move one
	// instance's store of record away from the others' (and from the versions it was stored in).
	private static final Set<String> STORE_OF_RECORD = Set.of("database.host", "database.port", "database.name");

	private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)*");

	private final Set<String> sections;

	private final ConfigCipher cipher;

	/**
	 * @param sections the names of the sections
	 * @param cipher what secrets would be stored with
	 */
	ChangeScreen(Set<String> sections, ConfigCipher cipher) {
		this.sections = Set.copyOf(sections);
		this.cipher = cipher;
	}

	/**
	 * Whether a value asks to be resolved: a caller's value is data, never a template.
	 * @param value the value
	 * @return whether it holds {@code ${}
	 */
	static boolean placeholder(Object value) {
		if (value instanceof CharSequence text) {
			return text.toString().contains("${");
		}
		if (value instanceof Collection<?> values) {
			return values.stream().anyMatch(ChangeScreen::placeholder);
		}
		if (value instanceof Map<?, ?> values) {
			return values.values().stream().anyMatch(ChangeScreen::placeholder);
		}
		return false;
	}

	/**
	 * Whether nothing may be bound from a change: a value would be resolved (and an error could
	 * quote what it resolved to), or a name is not one a binder takes.
	 * @param changes flat names and values
	 * @return whether the change must be refused on its screening alone
	 */
	static boolean unbindable(Map<String, Object> changes) {
		return changes.entrySet().stream()
			.anyMatch((entry) -> placeholder(entry.getValue()) || !KEBAB.matcher(entry.getKey()).matches());
	}

	/**
	 * The settings of a reading of another source (the configuration file, the config server)
	 * that no runtime change may put in force: such a reading is applied at the next start only.
	 * @param changed the settings a reading changes
	 * @return an error for each of them
	 */
	static List<ConfigError> fixedAtRuntime(Collection<String> changed) {
		return changed.stream().map(ChangeScreen::fixed).filter(Objects::nonNull).toList();
	}

	private static ConfigError fixed(String name) {
		String section = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
		if (STORE_OF_RECORD.contains(name)) {
			return new ConfigError(name, "cannot be changed at runtime: the database holds the fleet's stored "
					+ "configuration, heartbeats and outbox, so a new one would leave them behind; change it in the "
					+ "environment of every instance and restart them (for a fail-over, point a DNS name at the "
					+ "new server)");
		}
		if (FIXED_SECTIONS.contains(section)) {
			return new ConfigError(name, "cannot be changed at runtime; change it in the environment or "
					+ "config/service_mesh.yml and restart");
		}
		return null;
	}

	/**
	 * Screens a change.
	 * @param changes flat names and values, {@code null} for a removal
	 * @return every error found before binding
	 */
	List<ConfigError> screen(Map<String, Object> changes) {
		List<ConfigError> errors = new ArrayList<>();
		changes.forEach((name, value) -> {
			String section = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
			ConfigError fixed = fixed(name);
			if (!KEBAB.matcher(name).matches()) {
				// Binding is relaxed (apiKey, api_key, API-KEY): only the one spelling is
				// checked for secrets, shown, stored and compared.
				errors.add(new ConfigError(name, "must be written in kebab case: lower-case words joined by '-', "
						+ "e.g. dspy.api-key"));
			}
			else if (placeholder(value)) {
				errors.add(new ConfigError(name, "must be a literal value: '${' is not allowed, values are never "
						+ "resolved as placeholders"));
			}
			else if (value instanceof String text && text.startsWith(ConfigCipher.PREFIX)) {
				errors.add(new ConfigError(name, "must be a value in clear: the host encrypts secrets itself and "
						+ "never decrypts a posted '" + ConfigCipher.PREFIX + "' value"));
			}
			else if (value != null && ConfigView.isSecret(name) && !this.cipher.canEncrypt()) {
				errors.add(new ConfigError(name, "is a secret, which a runtime change stores encrypted: this host has "
						+ "no ENCRYPT_KEY (the same on every instance) to encrypt it with; set one, or change the secret "
						+ "in the environment"));
			}
			else if (fixed != null) {
				errors.add(fixed);
			}
			else if (!this.sections.contains(section)) {
				errors.add(new ConfigError(section, "unknown section"));
			}
		});
		return errors;
	}

}
