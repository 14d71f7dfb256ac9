package ai.xseven.mesh.config.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.validation.Validator;

import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.config.SectionPaths;
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
 * Binds the breakers' settings (a map of breakers and their defaults, not a section bean),
 * validates them, and tells what a candidate changes of them.
 */
class BreakerBinder {

	private static final String BREAKERS = ChangeScreen.BREAKERS;

	private final RuntimeOverrides overrides;

	private final CircuitManager circuits;

	private final Validator validator;

	BreakerBinder(RuntimeOverrides overrides, CircuitManager circuits, Validator validator) {
		this.overrides = overrides;
		this.circuits = circuits;
		this.validator = validator;
	}

	/**
	 * Binds and validates the breakers' settings; each of the named ones that cannot be read is
	 * reported and left out, so that the others are still bound and validated.
	 * @param sources the candidate configuration
	 * @param names the runtime values' names, breaker settings among them
	 * @param errors where every error goes
	 * @return the settings, {@code null} when they could not be read
	 */
	CircuitBreakersSettings bind(MutablePropertySources sources, Set<String> names, List<ConfigError> errors) {
		Binder whole = binder(sources);
		Set<ConfigurationPropertyName> skipped = new HashSet<>();
		BeanWrapper settings = PropertyAccessorFactory.forBeanPropertyAccess(new BreakerSettings());
		for (String name : names) {
			String[] parts = name.split("\\.");
			if (parts.length != 3 || !BREAKERS.equals(parts[0])) {
				continue;
			}
			String property = SectionPaths.camel(parts[2]);
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

	// Breaker settings are a map, not a bean: their changes are the keys whose value differs.
	Map<String, Map<String, Object>> diff(Map<String, Object> before, Map<String, Object> after) {
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
	 * The breakers' settings a binding changes, setting by setting, for every breaker there is
	 * (a change of the defaults shows as a change of each breaker that takes them).
	 * @param binding the binding
	 * @return each changed setting with its old and new value
	 */
	Map<String, Map<String, Object>> boundDiff(ConfigBinder.Binding binding) {
		Map<String, Map<String, Object>> diff = new LinkedHashMap<>();
		for (String breaker : this.circuits.getAllBreakers().keySet()) {
			String prefix = BREAKERS + "." + breaker;
			ConfigBinder.changes(SectionPaths.flatten(prefix, this.circuits.settings().forBreaker(breaker)),
					SectionPaths.flatten(prefix, binding.breakers().forBreaker(breaker)), diff);
		}
		return diff;
	}

}
