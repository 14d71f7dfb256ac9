package ai.xseven.mesh.registry;

/**
 * Where the mesh gets a service's instance from: the application context in the host, a map in
 * unit tests.
 */
@FunctionalInterface
public interface ServiceInstances {

	/**
	 * The instance of a service; a new one for {@link ServiceLifecycle#TRANSIENT} services.
	 * @param definition the service, with a non-null {@code serviceClass}
	 * @return its instance
	 */
	Object instanceOf(ServiceDefinition definition);

}
