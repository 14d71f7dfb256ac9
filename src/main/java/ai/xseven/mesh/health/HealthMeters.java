package ai.xseven.mesh.health;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import ai.xseven.mesh.metrics.MeshMeters;

/**
 * The services' health as meters: whether each is UP, and how long its checks take.
 */
final class HealthMeters {

	private final MeterRegistry meterRegistry;

	HealthMeters(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Publishes whether a service is UP.
	 * @param name the service
	 * @param required whether the system is DOWN without it (the {@code required} tag, which the
	 * alert rules tell a paging outage from a degradation by)
	 * @param up whether it counts as UP now
	 */
	void follow(String name, boolean required, BooleanSupplier up) {
		Gauge.builder(MeshMeters.SERVICE_UP, up, (state) -> state.getAsBoolean() ? 1 : 0)
			.description("Whether the service is UP (1) or not (0)")
			.tag(MeshMeters.TAG_SERVICE, name)
			.tag(MeshMeters.TAG_REQUIRED, Boolean.toString(required))
			// The supplier is held by nothing else: without a strong reference the gauge would read NaN.
			.strongReference(true)
			.register(this.meterRegistry);
	}

	/**
	 * Counts one check's time.
	 * @param name the service
	 * @param latency how long its check took
	 */
	void checked(String name, Duration latency) {
		Timer.builder(MeshMeters.SERVICE_HEALTH_CHECK)
			.description("Time the service's health checks take")
			.tag(MeshMeters.TAG_SERVICE, name)
			.register(this.meterRegistry)
			.record(latency);
	}

}
