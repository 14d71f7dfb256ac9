package ai.xseven.mesh.admin;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.startup.RestartResult;

/**
 * Reconnects the services whose settings a change touched, in dependency order.
 */
class ServiceReconnector {

	private static final String BREAKERS = ChangeScreen.BREAKERS;

	private final ServiceRegistry registry;

	private final Function<String, RestartResult> restarts;

	private final Runnable healthRounds;

	/**
	 * @param registry the services
	 * @param restarts restarts a service and its dependents with the settings in force
	 * @param healthRounds reschedules the health rounds after a change of their settings
	 */
	ServiceReconnector(ServiceRegistry registry, Function<String, RestartResult> restarts, Runnable healthRounds) {
		this.registry = registry;
		this.restarts = restarts;
		this.healthRounds = healthRounds;
	}

	/**
	 * The services a change of these settings touches, in start order.
	 * @param changedKeys the settings
	 * @return the services
	 */
	List<String> affected(Set<String> changedKeys) {
		// A breaker setting changes the breaker in place; no service needs to reconnect for it.
		Set<String> sections = new LinkedHashSet<>();
		changedKeys.stream()
			.filter((key) -> !key.startsWith(BREAKERS + "."))
			.forEach((key) -> sections.add(key.substring(0, key.indexOf('.'))));
		return this.registry.graph().startOrder().stream().filter(sections::contains).toList();
	}

	/**
	 * Those of some services that are in a state.
	 * @param services the services
	 * @param state the state
	 * @return those in it
	 */
	List<String> in(List<String> services, ServiceState state) {
		return services.stream().filter((name) -> this.registry.get(name).state() == state).toList();
	}

	/**
	 * Restarts services, and reschedules the health rounds if their settings changed.
	 * @param services the services, in start order
	 * @param restarted where the names of the services restarted go
	 * @param changedKeys the settings changed
	 * @return why a service did not run again, {@code null} when all did
	 */
	String reconnect(List<String> services, List<String> restarted, Set<String> changedKeys) {
		if (changedKeys.stream().anyMatch((key) -> key.startsWith("health."))) {
			this.healthRounds.run();
		}
		for (String service : services) {
			RestartResult result;
			try {
				result = this.restarts.apply(service);
			}
			catch (RuntimeException ex) {
				return "service '" + service + "' could not be restarted (" + Failures.describe(ex) + ")";
			}
			restarted.addAll(result.restarted());
			if (!result.running()) {
				return "service '" + service + "' did not start again with the new settings ("
						+ this.registry.get(service).error() + ")";
			}
		}
		return null;
	}

}
