package ai.xseven.mesh.admin;

import java.util.List;

import ai.xseven.mesh.config.ConfigError;

/**
 * Thrown for a configuration change with errors; nothing was changed.
 */
class InvalidConfigurationException extends RuntimeException {

	private final List<ConfigError> errors;

	InvalidConfigurationException(List<ConfigError> errors) {
		super("invalid configuration");
		this.errors = List.copyOf(errors);
	}

	List<ConfigError> getErrors() {
		return this.errors;
	}

}
