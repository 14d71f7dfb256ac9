package ai.xseven.mesh.resilience;

import java.io.Serial;
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

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The {@code circuit-breakers} section: {@code defaults} and one entry per breaker name, merged
 * over the host's built-in values. A section like the others (bound, validated and swapped whole
 * by a change), whose settings are a map of breakers rather than a bean's properties.
 */
@ConfigurationProperties(prefix = CircuitBreakersSettings.PREFIX)
public class CircuitBreakersSettings extends LinkedHashMap<String, BreakerSettings> implements ValidatedSection {

	public static final String PREFIX = "circuit-breakers";

	static final String DEFAULTS = "defaults";

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Settings with no breaker of their own, for binding into.
	 */
	public CircuitBreakersSettings() {
	}

	CircuitBreakersSettings(Map<String, BreakerSettings> entries) {
		putAll(entries);
	}

	/**
	 * Binds the section.
	 * @param binder the configuration to bind from
	 * @return the bound settings
	 */
	public static CircuitBreakersSettings bind(Binder binder) {
		CircuitBreakersSettings settings = new CircuitBreakersSettings();
		binder.bind(PREFIX, Bindable.ofInstance(settings));
		return settings;
	}

	@Override
	public List<ConfigError> validate(Validator validator) {
		List<ConfigError> errors = new ArrayList<>();
		forEach((name, settings) -> {
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
		BreakerSettings defaults = getOrDefault(DEFAULTS, new BreakerSettings()).over(BreakerSettings.builtIn());
		return getOrDefault(breaker, new BreakerSettings()).over(defaults);
	}

}
