package ai.xseven.mesh.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * The effective configuration as operators see it: every setting of every section with its value
 * (secrets as {@code "******"}) and the source it comes from.
 */
public final class ConfigView {

	public static final String MASK = "******";

	// The last word of a secret's name, without separators or case.
	private static final Set<String> SECRETS = Set.of("password", "apikey", "token", "secret");

	private ConfigView() {
	}

	/**
	 * Whether a setting holds a secret, in any spelling a binder takes ({@code api-key},
	 * {@code apiKey}, {@code api_key}, {@code API-KEY}).
	 * @param name the setting, e.g. {@code redis.password}
	 * @return whether its value is masked
	 */
	public static boolean isSecret(String name) {
		String last = name.substring(name.lastIndexOf('.') + 1);
		return SECRETS.contains(last.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT));
	}

	/**
	 * A value as it may be shown.
	 * @param name the setting
	 * @param value its value
	 * @return the value, or the mask for a secret that is set
	 */
	public static Object shown(String name, Object value) {
		return (value != null && isSecret(name)) ? MASK : value;
	}

	/**
	 * Every section's settings with value, source and whether a change of it is in force only
	 * from the next start.
	 * @param sections the sections
	 * @param sources the property sources in force
	 * @return section, setting, {@code value}, {@code source} and {@code restartRequired}
	 */
	public static Map<String, Map<String, Map<String, Object>>> of(ConfigSections sections,
			MutablePropertySources sources) {
		Map<String, Map<String, Map<String, Object>>> view = new LinkedHashMap<>();
		for (String section : sections.names()) {
			Map<String, Map<String, Object>> settings = new LinkedHashMap<>();
			sections.flatten(section).forEach((name, value) -> {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("value", shown(name, (value != null) ? value.toString() : null));
				entry.put("source", sourceOf(name, sources));
				entry.put("restartRequired", sections.restartRequired(name));
				settings.put(name.substring(section.length() + 1), entry);
			});
			view.put(section, settings);
		}
		return view;
	}

	/**
	 * Where a setting's value comes from: {@code runtime}, {@code config-server},
	 * {@code environment}, {@code command-line}, {@code file} or {@code default}.
	 * @param name the setting
	 * @param sources the property sources in force
	 * @return the source's label
	 */
	public static String sourceOf(String name, MutablePropertySources sources) {
		ConfigurationPropertyName property = ConfigurationPropertyName.adapt(name, '.');
		for (ConfigurationPropertySource source : ConfigurationPropertySources.from(sources)) {
			ConfigurationProperty found = source.getConfigurationProperty(property);
			if (found != null && source.getUnderlyingSource() instanceof PropertySource<?> underlying) {
				return label(underlying.getName());
			}
		}
		return "default";
	}

	private static String label(String sourceName) {
		if (RuntimeOverrides.PROPERTY_SOURCE_NAME.equals(sourceName)) {
			return "runtime";
		}
		if (ConfigServerLayer.isConfigServer(sourceName)) {
			return "config-server";
		}
		if (sourceName.contains("systemEnvironment") || sourceName.equals(EnvironmentAliases.PROPERTY_SOURCE_NAME)) {
			return "environment";
		}
		if (sourceName.contains("commandLineArgs")) {
			return "command-line";
		}
		if (ConfigFile.isFile(sourceName)) {
			return "file";
		}
		return "default";
	}

}
