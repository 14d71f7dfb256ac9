package ai.xseven.mesh.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The mesh in Actuator's health, and so in the readiness group: DOWN while a required service is
 * not UP, UP otherwise (with the system status, DEGRADED included, in its details). Read from
 * the checker's latest results, so it never waits on a dependency.
 */
class MeshHealthIndicator implements HealthIndicator {

	private final HealthChecker healthChecker;

	MeshHealthIndicator(HealthChecker healthChecker) {
		this.healthChecker = healthChecker;
	}

	@Override
	public Health health() {
		SystemHealth system = this.healthChecker.getSystemHealth();
		Health.Builder builder = system.status() == SystemStatus.DOWN ? Health.down() : Health.up();
		builder.withDetail("status", system.status()).withDetail("startupMode", system.startupMode());
		system.services().forEach((name, service) -> builder.withDetail(name, service.status()));
		return builder.build();
	}

}
