package ai.xseven.mesh.config.runtime;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Consumer;

import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.ConfigFile;
import ai.xseven.mesh.config.ConfigSections;
import ai.xseven.mesh.config.ConfigServerLayer;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.config.SectionPaths;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Binds candidate runtime values into fresh sections (validating them all), tells what they change
 * against the configuration in force, and puts a binding in force.
 */
class ConfigBinder {

	private final RuntimeOverrides overrides;

	private final ConfigSections sections;

	private final Consumer<Map<String, Object>> swapped;

	private final ConfigServerLayer configServer;

	/**
	 * @param overrides the runtime values in the environment
	 * @param sections the configuration sections
	 * @param swapped told of the sections in force after each swap
	 * @param configServer the config server's values of the host's settings
	 */
	ConfigBinder(RuntimeOverrides overrides, ConfigSections sections, Consumer<Map<String, Object>> swapped,
			ConfigServerLayer configServer) {
		this.swapped = swapped;
		this.configServer = configServer;
		this.overrides = overrides;
		this.sections = sections;
	}

	/**
	 * Binds the sections for a set of runtime values.
	 * @param values the runtime values
	 * @param errors where every error goes
	 * @return the fresh sections
	 */
	Binding bindAll(Map<String, Object> values, List<ConfigError> errors) {
		return bind(Candidate.of(values, this.configServer.inForce()), errors);
	}

	/**
	 * Binds the sections for a candidate configuration.
	 * @param candidate the runtime values, the config server's values and perhaps a new reading
	 * of the configuration file
	 * @param errors where every error goes
	 * @return the fresh sections
	 */
	Binding bind(Candidate candidate, List<ConfigError> errors) {
		MutablePropertySources sources = sources(candidate);
		ConfigSections.Snapshot snapshot = this.sections.bind(sources, candidate.overrides().keySet());
		errors.addAll(snapshot.errors());
		return new Binding(snapshot, candidate);
	}

	private MutablePropertySources sources(Candidate candidate) {
		MutablePropertySources sources = this.overrides.candidate(candidate.overrides());
		this.configServer.put(sources, candidate.configServer());
		if (candidate.file() != null) {
			ConfigFile.put(sources, candidate.file(), candidate.reading());
		}
		return sources;
	}

	/**
	 * A configuration that may be put in force: its runtime values, the config server's values of
	 * the host's settings, and, for an edit of the configuration file, the file's new reading.
	 *
	 * @param overrides the runtime values
	 * @param configServer the config server's values
	 * @param file the configuration file when the candidate reads it anew, else {@code null}
	 * @param reading its new reading, {@code null} when it is gone
	 */
	record Candidate(Map<String, Object> overrides, Map<String, Object> configServer, Path file,
			PropertySource<?> reading) {

		static Candidate of(Map<String, Object> overrides, Map<String, Object> configServer) {
			return new Candidate(overrides, configServer, null, null);
		}

		/**
		 * This candidate without some settings of the other sources (the file's reading, the
		 * config server's values): the ones in force stay.
		 * @param names the settings, in their canonical form
		 * @return the candidate without them
		 */
		Candidate without(Collection<String> names) {
			Set<ConfigurationPropertyName> left = new HashSet<>();
			names.forEach((name) -> left.add(ConfigurationPropertyName.of(name)));
			Predicate<String> kept = (key) -> !left.contains(ConfigurationPropertyName.adapt(key, '.'));
			Map<String, Object> server = new LinkedHashMap<>();
			this.configServer.forEach((key, value) -> {
				if (kept.test(key)) {
					server.put(key, value);
				}
			});
			PropertySource<?> filtered = this.reading;
			if (this.reading instanceof EnumerablePropertySource<?> enumerable) {
				Map<String, Object> values = new LinkedHashMap<>();
				for (String key : enumerable.getPropertyNames()) {
					if (kept.test(key)) {
						values.put(key, enumerable.getProperty(key));
					}
				}
				filtered = new MapPropertySource(this.reading.getName(), values);
			}
			return new Candidate(this.overrides, server, this.file, filtered);
		}

	}

	/**
	 * Fresh sections.
	 *
	 * @param snapshot the sections
	 * @param candidate what they were bound from
	 */
	record Binding(ConfigSections.Snapshot snapshot, Candidate candidate) {
	}

	// Each setting whose value differs, with its old and new value; a section of named entries
	// (the breakers) may have settings on one side only.
	static void changes(Map<String, Object> before, Map<String, Object> after,
			Map<String, Map<String, Object>> diff) {
		Set<String> names = new LinkedHashSet<>(before.keySet());
		names.addAll(after.keySet());
		for (String name : names) {
			if (!Objects.equals(before.get(name), after.get(name))) {
				Map<String, Object> change = new LinkedHashMap<>();
				change.put("old", before.get(name));
				change.put("new", after.get(name));
				diff.put(name, change);
			}
		}
	}

	/**
	 * What is in force now, to put back if a change has to be undone.
	 * @param file the configuration file whose reading is to be kept too, {@code null} for none
	 * @return the runtime values, the config server's values, the file's reading and the
	 * sections in force
	 */
	InForce inForce(Path file) {
		return new InForce(this.overrides.current(), this.configServer.inForce(), file,
				(file != null) ? ConfigFile.find(this.overrides.live(), file) : null, this.sections.inForce());
	}

	/**
	 * Puts a binding in force: the candidate's values in the environment, each section swapped
	 * for its fresh one (the breakers follow theirs).
	 * @param binding what to put in force
	 * @return what was in force before
	 */
	InForce put(Binding binding) {
		Candidate candidate = binding.candidate();
		InForce before = inForce(candidate.file());
		try {
			this.overrides.replace(candidate.overrides());
			this.configServer.putInForce(this.overrides.live(), candidate.configServer());
			if (candidate.file() != null) {
				ConfigFile.put(this.overrides.live(), candidate.file(), candidate.reading());
			}
			this.sections.swap(binding.snapshot().sections());
			this.swapped.accept(this.sections.inForce());
		}
		catch (RuntimeException ex) {
			// A reader of a section could not follow its swap: nothing of the change stays in force.
			restore(before);
			throw ex;
		}
		return before;
	}

	/**
	 * Puts back what was in force before a change, the very instances it ran with.
	 * @param before what {@link #put} or {@link #inForce} returned
	 */
	void restore(InForce before) {
		this.overrides.replace(before.values());
		this.configServer.putInForce(this.overrides.live(), before.configServer());
		if (before.file() != null) {
			ConfigFile.put(this.overrides.live(), before.file(), before.reading());
		}
		this.sections.swap(before.sections());
		this.swapped.accept(this.sections.inForce());
	}

	/**
	 * The configuration in force at one moment.
	 *
	 * @param values the runtime values
	 * @param configServer the config server's values of the host's settings
	 * @param file the configuration file whose reading was kept, {@code null} for none
	 * @param reading that reading, {@code null} when there was none
	 * @param sections the sections' instances by prefix
	 */
	record InForce(Map<String, Object> values, Map<String, Object> configServer, Path file, PropertySource<?> reading,
			Map<String, Object> sections) {
	}

	/**
	 * What fresh sections change against the ones in force.
	 * @param snapshot the fresh sections
	 * @return each changed setting with its old and new value
	 */
	Map<String, Map<String, Object>> diff(ConfigSections.Snapshot snapshot) {
		Map<String, Map<String, Object>> diff = new LinkedHashMap<>();
		snapshot.sections().forEach((section, fresh) -> changes(this.sections.flatten(section),
				SectionPaths.flatten(section, fresh), diff));
		return diff;
	}

}
