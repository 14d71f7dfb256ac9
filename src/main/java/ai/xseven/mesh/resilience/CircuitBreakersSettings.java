package ai.xseven.mesh.resilience;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.ConfigManager;
import ai.xseven.mesh.config.ValidatedSection;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The {@code circuit-breakers} section: {@code defaults} and one entry per breaker name, merged
 * over the host's built-in values.
 */
public final class CircuitBreakersSettings implements ValidatedSection {

	static final String PREFIX = "circuit-breakers";

	static final String DEFAULTS = "defaults";

	private final Map<String, BreakerSettings> entries;

	CircuitBreakersSettings(Map<String, BreakerSettings> entries) {
		this.entries = Map.copyOf(entries);
	}

	/**
	 * Binds the section.
	 * @param binder the configuration to bind from
	 * @return the bound settings
	 */
	public static CircuitBreakersSettings bind(Binder binder) {
		return new CircuitBreakersSettings(binder
			.bind(PREFIX, Bindable.mapOf(String.class, BreakerSettings.class))
			.orElse(new LinkedHashMap<>()));
	}

	@Override
	public List<ConfigError> validate(Validator validator) {
		List<ConfigError> errors = new ArrayList<>();
		this.entries.forEach((name, settings) -> {
			if (DEFAULTS.equals(name) && (settings.getState() != null || settings.getReset() != null)) {
				errors.add(new ConfigError(PREFIX + "." + DEFAULTS + "." + ((settings.getState() != null) ? "state" : "reset"),
						"is a breaker's own: set it for one breaker (POST /admin/circuit-breakers/{name})"));
			}
			Set<ConstraintViolation<BreakerSettings>> violations = validator.validate(settings);
			violations.forEach((violation) -> errors.add(new ConfigError(
					PREFIX + "." + name + "." + ConfigManager.kebab(violation.getPropertyPath().toString()),
					violation.getMessage())));
		});
		errors.sort(Comparator.comparing(ConfigError::field));
		return errors;
	}

	/**
	 * The settings of a breaker: its own over the defaults over the built-in values.
	 * @param breaker the breaker's name
	 * @return its merged settings
	 */
	public BreakerSettings forBreaker(String breaker) {
		BreakerSettings defaults = this.entries.getOrDefault(DEFAULTS, new BreakerSettings()).over(BreakerSettings.builtIn());
		return this.entries.getOrDefault(breaker, new BreakerSettings()).over(defaults);
	}

}
