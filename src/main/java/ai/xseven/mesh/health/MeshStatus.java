package ai.xseven.mesh.health;

import java.time.Instant;
import java.util.Map;

import ai.xseven.mesh.resilience.BreakerMetrics;
import ai.xseven.mesh.startup.StartupMode;

/**
 * The whole host at a glance: {@code /health/system}'s answer plus every breaker and each
 * service's start-up time.
 *
 * @param status {@code UP}, {@code DEGRADED} or {@code DOWN}
 * @param startupMode how the services were started
 * @param fallbackReason why the mesh start-up fell back to legacy, or {@code null}
 * @param checkedAt when this answer was put together
 * @param services every service by name
 * @param breakers every circuit breaker by name
 * @param startupMs each started service's last start-up time in milliseconds
 */
public record MeshStatus(SystemStatus status, StartupMode startupMode, String fallbackReason, Instant checkedAt,
		Map<String, ServiceHealth> services, Map<String, BreakerMetrics> breakers, Map<String, Long> startupMs) {
}
