package ai.xseven.mesh.registry;

/**
 * Told when a service is registered or changes state; lets health and metrics follow the
 * lifecycle without the orchestrator knowing them.
 */
public interface ServiceStateListener {

	/**
	 * Called after a service was added to the registry.
	 * @param definition the new service
	 */
	default void registered(ServiceDefinition definition) {
	}

	/**
	 * Called after a service changed state.
	 * @param previous its state before
	 * @param current its state now
	 */
	default void stateChanged(ServiceSnapshot previous, ServiceSnapshot current) {
	}

}
