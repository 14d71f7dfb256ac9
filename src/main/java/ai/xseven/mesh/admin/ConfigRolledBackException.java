package ai.xseven.mesh.admin;

/**
 * Thrown when an applied change could not be completed and the previous configuration was put
 * back in force.
 */
class ConfigRolledBackException extends RuntimeException {

	ConfigRolledBackException(String message) {
		super(message);
	}

}
