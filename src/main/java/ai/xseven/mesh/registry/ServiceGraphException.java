package ai.xseven.mesh.registry;

/**
 * Thrown when the services' dependencies do not form a graph the mesh can start: a dependency
 * that is not registered, or a cycle.
 */
public class ServiceGraphException extends RuntimeException {

	public ServiceGraphException(String message) {
		super(message);
	}

}
