package ai.xseven.mesh.config.runtime;

import ai.xseven.mesh.web.ConflictException;

/**
 * Thrown when an applied change could not be completed and the previous configuration was put
 * back in force.
 */
class ConfigRolledBackException extends ConflictException {

	ConfigRolledBackException(String message) {
		super(message);
	}

}
