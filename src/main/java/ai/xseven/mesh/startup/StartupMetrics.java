package ai.xseven.mesh.startup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;

import ai.xseven.mesh.metrics.MeshMeters;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceStateListener;

/**
 * Publishes each service's start-up time and counts its restarts.
 */
class StartupMetrics implements ServiceStateListener {

	private final MeterRegistry meterRegistry;

	private final ServiceRegistry registry;

	StartupMetrics(MeterRegistry meterRegistry, ServiceRegistry registry) {
		this.meterRegistry = meterRegistry;
		this.registry = registry;
	}

	@Override
	public void registered(ServiceDefinition definition) {
		String name = definition.name();
		TimeGauge.builder(MeshMeters.SERVICE_STARTUP, this.registry, TimeUnit.MILLISECONDS, (registry) -> {
			Duration took = registry.get(name).startupDuration();
			return (took != null) ? took.toNanos() / 1_000_000.0 : Double.NaN;
		}).description("How long the service's last successful start took").tag(MeshMeters.TAG_SERVICE, name)
			.register(this.meterRegistry);
		restarts(name);
	}

	void restarted(Iterable<String> names) {
		names.forEach((name) -> restarts(name).increment());
	}

	private Counter restarts(String name) {
		return Counter.builder(MeshMeters.SERVICE_RESTARTS)
			.description("Restarts of the service asked for through the admin API")
			.tag(MeshMeters.TAG_SERVICE, name)
			.register(this.meterRegistry);
	}

}
