package ai.xseven.mesh.config;

import java.util.List;

import jakarta.validation.Validator;

/**
 * A configuration section whose settings are not a bean's properties (a map of named entries)
 * and so validates itself: at start, for every change, and in
 * {@link ConfigManager#validateConfig()}.
 */
public interface ValidatedSection {

	/**
	 * Every error of the section.
	 * @param validator the validator
	 * @return the errors, empty when valid
	 */
	List<ConfigError> validate(Validator validator);

}
