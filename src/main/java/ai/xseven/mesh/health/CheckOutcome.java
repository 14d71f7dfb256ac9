package ai.xseven.mesh.health;

import java.time.Duration;
import java.time.Instant;

import ai.xseven.mesh.registry.ProbeResult;

/**
 * The result of one check.
 *
 * @param result what the check found
 * @param latency how long it took
 * @param checkedAt when it ended
 */
record CheckOutcome(ProbeResult result, Duration latency, Instant checkedAt) {
}
