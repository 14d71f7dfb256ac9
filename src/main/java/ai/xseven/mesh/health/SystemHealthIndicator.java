package ai.xseven.mesh.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator's component {@code system}, the one the readiness group reads: DOWN while a required
 * service is not UP, UP otherwise (the system status, DEGRADED included, in its details; an
 * optional service never takes a host out of its balancer). Read from the checker's latest
 * results, so it never waits on a dependency.
 */
class SystemHealthIndicator implements HealthIndicator {

	private final HealthChecker healthChecker;

	SystemHealthIndicator(HealthChecker healthChecker) {
		this.healthChecker = healthChecker;
	}

	@Override
	public Health health() {
		SystemHealth system = this.healthChecker.getSystemHealth();
		Health.Builder builder = system.status() == SystemStatus.DOWN ? Health.down() : Health.up();
		builder.withDetail("status", system.status()).withDetail("startupMode", system.startupMode());
		if (system.fallbackReason() != null) {
			builder.withDetail("fallbackReason", system.fallbackReason());
		}
		return builder.build();
	}

}
