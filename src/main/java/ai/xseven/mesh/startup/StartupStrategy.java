package ai.xseven.mesh.startup;

/**
 * One way of starting the registered services. Both exist in every build so that the mesh can
 * fall back to the legacy one.
 */
interface StartupStrategy {

	StartupMode mode();

	/**
	 * Starts the registered services and returns once the first attempt of each has ended.
	 * @throws RuntimeException when the strategy itself cannot start them (a bad graph)
	 */
	void start();

	/**
	 * Starts a service registered after {@link #start()}, as this strategy would.
	 * @param name the new service
	 */
	void added(String name);

	/**
	 * Stops scheduling anything for these services while a restart handles them.
	 * @param names the services
	 */
	void release(Iterable<String> names);

	/**
	 * Takes released services back after a restart: retries those that failed, as this strategy
	 * would.
	 * @param names the services
	 */
	void reclaim(Iterable<String> names);

	/**
	 * Stops every background activity.
	 */
	void stop();

}
