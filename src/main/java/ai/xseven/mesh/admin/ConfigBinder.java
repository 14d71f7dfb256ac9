package ai.xseven.mesh.admin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.validation.Validator;

import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.ConfigSections;
import ai.xseven.mesh.config.ConfigServerLayer;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.resilience.BreakerSettings;
import ai.xseven.mesh.resilience.CircuitBreakersSettings;
import ai.xseven.mesh.resilience.CircuitManager;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;

/**
 * Binds candidate runtime values into fresh sections and breaker settings (validating them all),
 * tells what they change against the configuration in force, and puts a binding in force.
 */
class ConfigBinder {

	private static final String BREAKERS = ChangeScreen.BREAKERS;

	private final RuntimeOverrides overrides;

	private final ConfigSections sections;

	private final CircuitManager circuits;

	private final Validator validator;

	private final Consumer<Map<String, Object>> swapped;

	private final ConfigServerLayer configServer;

	/**
	 * @param overrides the runtime values in the environment
	 * @param sections the configuration sections
	 * @param circuits the breakers
	 * @param validator the sections' constraints
	 * @param swapped told of the sections in force after each swap
	 * @param configServer the config server's values of the host's settings
	 */
	ConfigBinder(RuntimeOverrides overrides, ConfigSections sections, CircuitManager circuits, Validator validator,
			Consumer<Map<String, Object>> swapped, ConfigServerLayer configServer) {
		this.swapped = swapped;
		this.configServer = configServer;
		this.overrides = overrides;
		this.sections = sections;
		this.circuits = circuits;
		this.validator = validator;
	}

	/**
	 * Binds the sections and the breakers' settings for a set of runtime values.
	 * @param values the runtime values
	 * @param errors where every error goes
	 * @return the fresh sections and settings
	 */
	Binding bindAll(Map<String, Object> values, List<ConfigError> errors) {
		return bindAll(values, this.configServer.inForce(), errors);
	}

	/**
	 * Binds the sections and the breakers' settings for a set of runtime values and values of the
	 * config server.
	 * @param values the runtime values
	 * @param configServerValues the config server's values of the host's settings
	 * @param errors where every error goes
	 * @return the fresh sections and settings
	 */
	Binding bindAll(Map<String, Object> values, Map<String, Object> configServerValues, List<ConfigError> errors) {
		MutablePropertySources sources = this.overrides.candidate(values);
		this.configServer.put(sources, configServerValues);
		ConfigSections.Snapshot snapshot = this.sections.bind(sources, values.keySet());
		errors.addAll(snapshot.errors());
		CircuitBreakersSettings breakers = bindBreakers(sources, values.keySet(), errors);
		return new Binding(snapshot, breakers, configServerValues);
	}

	/**
	 * Fresh sections and breaker settings.
	 *
	 * @param snapshot the sections
	 * @param breakers the breakers' settings, {@code null} when they could not be read
	 * @param configServer the config server's values they were bound with
	 */
	record Binding(ConfigSections.Snapshot snapshot, CircuitBreakersSettings breakers,
			Map<String, Object> configServer) {
	}

	// Breaker settings are a map, not a bean: their changes are the keys whose value differs.
	Map<String, Map<String, Object>> breakerDiff(Map<String, Object> before, Map<String, Object> after) {
		Set<String> keys = new LinkedHashSet<>(before.keySet());
		keys.addAll(after.keySet());
		Map<String, Map<String, Object>> diff = new LinkedHashMap<>();
		Binder live = binder(this.overrides.live());
		Binder next = binder(this.overrides.candidate(after));
		for (String key : keys) {
			if (key.startsWith(BREAKERS + ".")) {
				Object old = live.bind(key, String.class).orElse(null);
				Object fresh = next.bind(key, String.class).orElse(null);
				if (!Objects.equals(old, fresh)) {
					Map<String, Object> change = new LinkedHashMap<>();
					change.put("old", old);
					change.put("new", fresh);
					diff.put(key, change);
				}
			}
		}
		return diff;
	}

	static Binder binder(MutablePropertySources sources) {
		return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
	}

	/**
	 * What is in force now, to put back if a change has to be undone.
	 * @return the runtime values, the sections and the breakers' settings in force
	 */
	InForce inForce() {
		return new InForce(this.overrides.current(), this.configServer.inForce(), this.sections.inForce(),
				this.circuits.settings());
	}

	/**
	 * Puts runtime values and their binding in force: each section is swapped for its fresh one.
	 * @param values the runtime values
	 * @param binding what they bound to
	 * @return what was in force before
	 */
	InForce put(Map<String, Object> values, Binding binding) {
		InForce before = inForce();
		this.overrides.replace(values);
		this.configServer.putInForce(this.overrides.live(), binding.configServer());
		this.sections.swap(binding.snapshot().sections());
		if (binding.breakers() != null) {
			this.circuits.reconfigure(binding.breakers());
		}
		this.swapped.accept(this.sections.inForce());
		return before;
	}

	/**
	 * Puts back what was in force before a change, the very instances it ran with.
	 * @param before what {@link #put} or {@link #inForce} returned
	 */
	void restore(InForce before) {
		this.overrides.replace(before.values());
		this.configServer.putInForce(this.overrides.live(), before.configServer());
		this.sections.swap(before.sections());
		this.circuits.reconfigure(before.breakers());
		this.swapped.accept(this.sections.inForce());
	}

	/**
	 * The configuration in force at one moment.
	 *
	 * @param values the runtime values
	 * @param configServer the config server's values of the host's settings
	 * @param sections the sections' instances by prefix
	 * @param breakers the breakers' settings
	 */
	record InForce(Map<String, Object> values, Map<String, Object> configServer, Map<String, Object> sections,
			CircuitBreakersSettings breakers) {
	}

	/**
	 * What fresh sections change against the ones in force.
	 * @param snapshot the fresh sections
	 * @return each changed setting with its old and new value
	 */
	Map<String, Map<String, Object>> diff(ConfigSections.Snapshot snapshot) {
		Map<String, Map<String, Object>> diff = new LinkedHashMap<>();
		snapshot.sections().forEach((section, fresh) -> {
			Map<String, Object> before = this.sections.flatten(section);
			Map<String, Object> after = ConfigSections.flattenInstance(section, fresh);
			after.forEach((name, value) -> {
				if (!Objects.equals(before.get(name), value)) {
					Map<String, Object> change = new LinkedHashMap<>();
					change.put("old", before.get(name));
					change.put("new", value);
					diff.put(name, change);
				}
			});
		});
		return diff;
	}

	/**
	 * Binds and validates the breakers' settings.
	 * @param sources the candidate configuration
	 * @param errors where every error goes
	 * @return the settings, {@code null} when they could not be read
	 */
	CircuitBreakersSettings bindBreakers(MutablePropertySources sources, List<ConfigError> errors) {
		return bindBreakers(sources, Set.of(), errors);
	}

	/**
	 * Binds and validates the breakers' settings; each of the named ones that cannot be read is
	 * reported and left out, so that the others are still bound and validated.
	 * @param sources the candidate configuration
	 * @param names the runtime values' names, breaker settings among them
	 * @param errors where every error goes
	 * @return the settings, {@code null} when they could not be read
	 */
	CircuitBreakersSettings bindBreakers(MutablePropertySources sources, Set<String> names, List<ConfigError> errors) {
		Binder whole = binder(sources);
		Set<ConfigurationPropertyName> skipped = new HashSet<>();
		BeanWrapper settings = PropertyAccessorFactory.forBeanPropertyAccess(new BreakerSettings());
		for (String name : names) {
			String[] parts = name.split("\\.");
			if (parts.length != 3 || !BREAKERS.equals(parts[0])) {
				continue;
			}
			String property = ConfigSections.camel(parts[2]);
			if (!settings.isReadableProperty(property)) {
				continue;
			}
			try {
				whole.bind(name, Bindable.of(settings.getPropertyType(property)));
			}
			catch (BindException ex) {
				errors.add(new ConfigError(name, "cannot be read (" + Failures.describe(ex) + ")"));
				skipped.add(ConfigurationPropertyName.adapt(name, '.'));
			}
		}
		List<ConfigurationPropertySource> readable = new ArrayList<>();
		ConfigurationPropertySources.from(sources)
			.forEach((source) -> readable.add(source.filter((name) -> !skipped.contains(name))));
		try {
			CircuitBreakersSettings breakers = CircuitBreakersSettings
				.bind(new Binder(readable, new PropertySourcesPlaceholdersResolver(sources)));
			errors.addAll(breakers.validate(this.validator));
			return breakers;
		}
		catch (BindException ex) {
			errors.add(new ConfigError((ex.getProperty() != null) ? ex.getProperty().getName().toString() : BREAKERS,
					"cannot be read (" + Failures.describe(ex) + ")"));
			return null;
		}
	}

}
