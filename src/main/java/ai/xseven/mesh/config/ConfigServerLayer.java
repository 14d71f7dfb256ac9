package ai.xseven.mesh.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * The host's own settings from a Spring Cloud Config server, the same on every instance: what one
 * instance fetched and applied is stored with the version, and every instance puts those values
 * in force as the config server's, above what it fetched itself (its own fetch of those settings
 * hidden), so that a refresh through one instance reaches all of them and an instance whose
 * fetch differs does not run other settings. Other properties of the config server are left as
 * the config client fetched them, and so are secrets when the fleet has no key to store them
 * encrypted with.
 */
public class ConfigServerLayer {

	/** The property source of the fleet's config-server values. */
	static final String FLEET_SOURCE = "configserver:fleet";

	private final Set<String> sections;

	private final boolean shareSecrets;

	private volatile Map<String, Object> inForce;

	/**
	 * @param sections the prefixes of the host's own settings
	 * @param shareSecrets whether secrets are shared too (they are stored encrypted)
	 * @param sources the environment's property sources, as the host started
	 */
	public ConfigServerLayer(Set<String> sections, boolean shareSecrets, MutablePropertySources sources) {
		this.sections = Set.copyOf(sections);
		this.shareSecrets = shareSecrets;
		this.inForce = fetched(sources);
	}

	/**
	 * Whether a property source holds values of a config server.
	 * @param name the property source's name
	 * @return whether it is the config client's or the fleet's
	 */
	public static boolean isConfigServer(String name) {
		return name.startsWith("configserver:") || name.equals("configClient");
	}

	/**
	 * The config server's values of the host's own settings in force.
	 * @return flat names and their values as text
	 */
	public Map<String, Object> inForce() {
		return this.inForce;
	}

	/**
	 * The host's own settings as the config client fetched them last (at start or at the last
	 * refresh), whatever the fleet's values hide.
	 * @param sources the property sources
	 * @return flat names and their values as text, from the source of highest precedence
	 */
	public Map<String, Object> fetched(MutablePropertySources sources) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (PropertySource<?> source : sources) {
			if (!isConfigServer(source.getName()) || FLEET_SOURCE.equals(source.getName())) {
				continue;
			}
			PropertySource<?> fetched = (source instanceof OwnSettingsHidden hidden) ? hidden.getSource() : source;
			if (fetched instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					Object value = enumerable.getProperty(name);
					if (own(name) && value != null) {
						values.putIfAbsent(name, value.toString());
					}
				}
			}
		}
		return Collections.unmodifiableMap(values);
	}

	/**
	 * Puts values in force as the config server's for the host's own settings.
	 * @param sources the property sources, the environment's or a candidate's copy
	 * @param values the values, e.g. those a stored version carries
	 */
	public void put(MutablePropertySources sources, Map<String, Object> values) {
		if (sources.contains(FLEET_SOURCE)) {
			sources.remove(FLEET_SOURCE);
		}
		if (values.isEmpty() && sources.stream().noneMatch((source) -> isConfigServer(source.getName()))) {
			return;
		}
		String first = null;
		for (PropertySource<?> source : sources) {
			if (isConfigServer(source.getName())) {
				first = (first != null) ? first : source.getName();
				// Only the very source seen: one a refresh put in its place meanwhile is wrapped next time.
				if (!(source instanceof OwnSettingsHidden) && source instanceof EnumerablePropertySource<?> enumerable
						&& sources.get(source.getName()) == source) {
					sources.replace(source.getName(), new OwnSettingsHidden(enumerable, this::own));
				}
			}
		}
		// In the order fetched, the same on every instance, for a setting spelled two ways.
		MapPropertySource fleet = new MapPropertySource(FLEET_SOURCE,
				Collections.unmodifiableMap(new LinkedHashMap<>(values)));
		String below = (first != null) ? first : below(sources);
		if (below != null) {
			sources.addBefore(below, fleet);
		}
		else {
			sources.addLast(fleet);
		}
	}

	/**
	 * Puts values in force in the environment and remembers them as those in force.
	 * @param sources the environment's property sources
	 * @param values the values
	 */
	public void putInForce(MutablePropertySources sources, Map<String, Object> values) {
		put(sources, values);
		this.inForce = Collections.unmodifiableMap(new LinkedHashMap<>(values));
	}

	// Where a config server's values go when this host reads none: above the file and the defaults.
	private static String below(MutablePropertySources sources) {
		return sources.stream()
			.map(PropertySource::getName)
			.filter((name) -> ConfigFile.isFile(name) || name.contains("application"))
			.findFirst()
			.orElse(null);
	}

	private boolean own(String name) {
		int dot = name.indexOf('.');
		return dot > 0 && this.sections.contains(name.substring(0, dot)) && (this.shareSecrets || !ConfigView.isSecret(name));
	}

	/**
	 * A config client's property source with the host's own settings taken out: the fleet's values
	 * stand for them.
	 */
	static final class OwnSettingsHidden extends EnumerablePropertySource<EnumerablePropertySource<?>> {

		private final Predicate<String> own;

		OwnSettingsHidden(EnumerablePropertySource<?> source, Predicate<String> own) {
			super(source.getName(), source);
			this.own = own;
		}

		@Override
		public String[] getPropertyNames() {
			return Arrays.stream(getSource().getPropertyNames()).filter((name) -> !this.own.test(name)).toArray(String[]::new);
		}

		@Override
		public Object getProperty(String name) {
			return this.own.test(name) ? null : getSource().getProperty(name);
		}

	}

}
