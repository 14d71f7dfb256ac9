package ai.xseven.mesh.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.validation.Validator;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;

/**
 * Validates the host's configuration as bound: the Java face of the Python-era
 * {@code get_config_manager().validate_config()}.
 */
public class ConfigManager {

	private static final String OWN_PACKAGE = "ai.xseven.mesh.";

	private final ListableBeanFactory beanFactory;

	private final Validator validator;

	public ConfigManager(ListableBeanFactory beanFactory, Validator validator) {
		Assert.notNull(beanFactory, "'beanFactory' must not be null");
		Assert.notNull(validator, "'validator' must not be null");
		this.beanFactory = beanFactory;
		this.validator = validator;
	}

	/**
	 * Checks every section of the host's configuration.
	 * @return every error, sorted by field; empty when the configuration is valid
	 */
	public List<ConfigError> validateConfig() {
		List<ConfigError> errors = new ArrayList<>();
		Map<String, Object> sections = this.beanFactory.getBeansWithAnnotation(ConfigurationProperties.class);
		for (Object bean : sections.values()) {
			// A section bean is its holder's proxy: the settings are the instance in force behind it.
			Object section = SectionHolder.inForce(bean);
			Class<?> type = section.getClass();
			if (!type.getName().startsWith(OWN_PACKAGE)) {
				continue;
			}
			ConfigurationProperties annotation = AnnotatedElementUtils.findMergedAnnotation(type,
					ConfigurationProperties.class);
			String prefix = annotation.prefix();
			this.validator.validate(section)
				.forEach((violation) -> errors.add(new ConfigError(
						prefix + "." + kebab(violation.getPropertyPath().toString()), violation.getMessage())));
		}
		this.beanFactory.getBeansOfType(ValidatedSection.class)
			.values()
			.forEach((section) -> errors.addAll(section.validate(this.validator)));
		errors.sort(Comparator.comparing(ConfigError::field));
		return List.copyOf(errors);
	}

	/**
	 * A Java property path in the kebab case of configuration files.
	 * @param camel e.g. {@code retry.initialBackoff}
	 * @return e.g. {@code retry.initial-backoff}
	 */
	public static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

}
