package ai.xseven.mesh.health;

import java.time.Instant;

/**
 * A change of a service's status, as {@code recentChanges} of {@code /health/system} lists it.
 *
 * @param service the service
 * @param from its status before
 * @param to its status now
 * @param at when the change was seen
 * @param error why it is not UP now, or {@code null}
 */
public record StatusChange(String service, ServiceStatus from, ServiceStatus to, Instant at, String error) {
}
