package ai.xseven.mesh.resilience;

import java.util.Map;

/**
 * Every breaker's metrics, and {@code DEGRADED} when any is open.
 *
 * @param status {@code UP}, or {@code DEGRADED} when a breaker is OPEN or FORCED_OPEN
 * @param breakers each breaker by name
 */
public record BreakersHealth(String status, Map<String, BreakerMetrics> breakers) {
}
