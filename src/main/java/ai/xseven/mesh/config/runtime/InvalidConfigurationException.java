package ai.xseven.mesh.config.runtime;

import java.util.List;

import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.web.ApiError;
import ai.xseven.mesh.web.InvalidRequestException;

/**
 * Thrown for a configuration change with errors; nothing was changed.
 */
public class InvalidConfigurationException extends InvalidRequestException {

	private final List<ConfigError> errors;

	public InvalidConfigurationException(List<ConfigError> errors) {
		super("invalid configuration", errors.stream()
			.map((error) -> new ApiError.FieldError(error.field(), error.message()))
			.toList());
		this.errors = List.copyOf(errors);
	}

	List<ConfigError> getErrors() {
		return this.errors;
	}

}
