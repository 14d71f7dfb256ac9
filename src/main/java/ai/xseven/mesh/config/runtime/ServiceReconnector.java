package ai.xseven.mesh.config.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.startup.RestartResult;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;

/**
 * Reconnects the services whose settings a change touched, in dependency order.
 */
class ServiceReconnector {

	private static final String REQUIRED = "required";

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
		// Whether a service is required changes its definition (see require), and a section that is
		// no service's (the breakers') is applied by its swap: neither reconnects a service.
		Set<String> sections = new LinkedHashSet<>();
		changedKeys.stream()
			.filter((key) -> !requiredFlag(key))
			.forEach((key) -> sections.add(key.substring(0, key.indexOf('.'))));
		return this.registry.graph().startOrder().stream().filter(sections::contains).toList();
	}

	/**
	 * Makes each service required or not as its section in force says.
	 * @param sections the sections in force by prefix, a service's named after it
	 * @return the services whose flag changed
	 */
	List<String> require(Map<String, Object> sections) {
		List<String> changed = new ArrayList<>();
		for (ServiceDefinition definition : this.registry.definitions()) {
			Object section = sections.get(definition.name());
			if (section == null) {
				continue;
			}
			BeanWrapper settings = PropertyAccessorFactory.forBeanPropertyAccess(section);
			if (settings.isReadableProperty(REQUIRED)
					&& settings.getPropertyValue(REQUIRED) instanceof Boolean required
					&& this.registry.require(definition.name(), required)) {
				changed.add(definition.name());
			}
		}
		return changed;
	}

	private static boolean requiredFlag(String key) {
		return key.equals(key.substring(0, key.indexOf('.')) + "." + REQUIRED);
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
		// A round soon after a change of the health settings, or of which services are required.
		if (changedKeys.stream().anyMatch((key) -> key.startsWith("health.") || requiredFlag(key))) {
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
