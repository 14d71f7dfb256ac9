package ai.xseven.mesh.registry;

/**
 * A service with start and stop steps that the mesh runs in dependency order. A registered
 * service class that does not implement it is started by creating its instance.
 */
public interface ManagedService {

	/**
	 * Connects or prepares the service. Throwing marks the service {@link ServiceState#FAILED}.
	 * @throws Exception when the service cannot start
	 */
	void start() throws Exception;

	/**
	 * Releases what {@link #start()} acquired. Called in reverse dependency order.
	 * @throws Exception when the service cannot stop cleanly
	 */
	default void stop() throws Exception {
	}

}
