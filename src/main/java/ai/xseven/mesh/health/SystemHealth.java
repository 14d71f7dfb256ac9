package ai.xseven.mesh.health;

import java.time.Instant;
import java.util.Map;

import ai.xseven.mesh.startup.StartupMode;

/**
 * The answer of {@code /health/system}.
 *
 * @param status {@code UP}, {@code DEGRADED} or {@code DOWN}
 * @param startupMode how the services were started
 * @param fallbackReason why the mesh start-up fell back to legacy, or {@code null}
 * @param checkedAt when this answer was put together
 * @param services every service by name, in registration order
 */
public record SystemHealth(String status, StartupMode startupMode, String fallbackReason, Instant checkedAt,
		Map<String, ServiceHealth> services) {

	public static final String UP = "UP";

	public static final String DEGRADED = "DEGRADED";

	public static final String DOWN = "DOWN";

}
