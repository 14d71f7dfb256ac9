package ai.xseven.mesh.health;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceInstances;
import ai.xseven.mesh.registry.ServiceLifecycle;
import ai.xseven.mesh.registry.ServiceRegistry;

/**
 * Each service's check: one set for it, else its definition's, else its singleton instance when
 * that is a {@link HealthCheck}; none otherwise.
 */
final class ServiceChecks {

	private final ServiceRegistry registry;

	private final ServiceInstances instances;

	private final Map<String, HealthCheck> set = new ConcurrentHashMap<>();

	ServiceChecks(ServiceRegistry registry, ServiceInstances instances) {
		this.registry = registry;
		this.instances = instances;
	}

	void set(String name, HealthCheck check) {
		this.set.put(name, check);
	}

	/**
	 * A service's check.
	 * @param name the service, registered
	 * @return its check, {@code null} when it has none
	 */
	HealthCheck of(String name) {
		HealthCheck registered = this.set.get(name);
		if (registered != null) {
			return registered;
		}
		ServiceDefinition definition = this.registry.definition(name).orElseThrow();
		if (definition.healthCheck() != null) {
			return definition.healthCheck();
		}
		if (definition.serviceClass() != null && HealthCheck.class.isAssignableFrom(definition.serviceClass())
				&& definition.lifecycle() == ServiceLifecycle.SINGLETON) {
			return HealthCheck.of(() -> (HealthCheck) this.instances.instanceOf(definition));
		}
		return null;
	}

}
