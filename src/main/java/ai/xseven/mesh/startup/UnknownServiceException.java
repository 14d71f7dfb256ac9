package ai.xseven.mesh.startup;

/**
 * Thrown when a service name is not registered.
 */
public class UnknownServiceException extends RuntimeException {

	public UnknownServiceException(String name) {
		super("Unknown service '" + name + "'");
	}

}
