package ai.xseven.mesh.config;

import java.util.List;

import jakarta.validation.Validator;

/**
 * A configuration section that is not a {@code @ConfigurationProperties} bean but still takes
 * part in {@link ConfigManager#validateConfig()}.
 */
public interface ValidatedSection {

	/**
	 * Every error of the section.
	 * @param validator the validator
	 * @return the errors, empty when valid
	 */
	List<ConfigError> validate(Validator validator);

}
