package ai.xseven.mesh.health;

import java.util.Map;
import java.util.stream.Stream;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Actuator's component {@code mesh}: one component per registered service, so that
 * {@code /actuator/health/mesh/redis} and every tool built on Actuator sees each one. Read from
 * the checker's latest results, like {@code /health/system}: no probe runs for an answer.
 */
class MeshServicesHealthContributor implements CompositeHealthContributor {

	private final HealthChecker healthChecker;

	MeshServicesHealthContributor(HealthChecker healthChecker) {
		this.healthChecker = healthChecker;
	}

	@Override
	public HealthContributor getContributor(String name) {
		return this.healthChecker.getServiceHealth(name).isPresent() ? indicator(name) : null;
	}

	@Override
	public Stream<Entry> stream() {
		return this.healthChecker.getSystemHealth().services().keySet().stream()
			.map((name) -> new Entry(name, indicator(name)));
	}

	private HealthIndicator indicator(String name) {
		return () -> this.healthChecker.getServiceHealth(name).map(MeshServicesHealthContributor::health)
			.orElseGet(() -> Health.unknown().withDetail("error", "no longer registered").build());
	}

	static Health health(ServiceHealth service) {
		Health.Builder builder = Health.status(status(service));
		builder.withDetail("required", service.required()).withDetail("state", service.state());
		putIfPresent(builder, "latencyMs", service.latencyMs());
		putIfPresent(builder, "checkedAt", service.checkedAt());
		putIfPresent(builder, "error", service.error());
		putIfPresent(builder, "circuitBreaker", service.circuitBreaker());
		builder.withDetail("dependsOn", service.dependsOn());
		if (service.stale()) {
			builder.withDetail("stale", true);
		}
		Map<String, Object> details = service.details();
		if (details != null && !details.isEmpty()) {
			builder.withDetail("details", details);
		}
		return builder.build();
	}

	private static Status status(ServiceHealth service) {
		if (service.up()) {
			return Status.UP;
		}
		return (service.status() == ServiceStatus.UNKNOWN && !service.stale()) ? Status.UNKNOWN : Status.DOWN;
	}

	private static void putIfPresent(Health.Builder builder, String key, Object value) {
		if (value != null) {
			builder.withDetail(key, value);
		}
	}

}
