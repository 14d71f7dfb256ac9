package ai.xseven.mesh.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.startup.StartupMode;
import ai.xseven.mesh.startup.StartupStatus;

import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * A checker over a registry of its own, with a timeout of 200 ms and an interval of 400 ms;
 * names registered late by the checker are kept.
 */
final class CheckerFixture {

	final ServiceRegistry registry = new ServiceRegistry(Clock.systemUTC());

	final List<ServiceDefinition> lateRegistrations = new ArrayList<>();

	final HealthProperties properties = new HealthProperties();

	final HealthChecker checker;

	CheckerFixture() {
		this.properties.setTimeout(Duration.ofMillis(200));
		this.properties.setInterval(Duration.ofMillis(400));
		this.checker = new HealthChecker(this.registry, (definition) -> null, null,
				() -> new StartupStatus(StartupMode.MESH, null, true, this.registry.snapshots()),
				(definition) -> {
					this.lateRegistrations.add(definition);
					this.registry.register(definition);
				}, this.properties, new SimpleAsyncTaskExecutor("check-"), Clock.systemUTC(),
				new SimpleMeterRegistry());
		this.registry.addListener(this.checker);
	}

	/**
	 * Registers a service with a check and marks it started.
	 * @param name the service
	 * @param required whether it is required
	 * @param check its check
	 */
	void running(String name, boolean required, HealthCheck check) {
		this.registry.register(ServiceDefinition.builder(name).healthCheck(check).required(required).build());
		this.registry.started(name, Duration.ofMillis(1));
	}

}
