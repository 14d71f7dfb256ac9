package ai.xseven.mesh.config;

import java.time.Instant;

/**
 * An instance of the fleet as its latest heartbeat described it.
 *
 * @param id its name
 * @param startedAt when it started
 * @param lastSeen its latest heartbeat, by the database's clock
 * @param configVersion the configuration version in force there
 * @param configError why it does not run the latest stored version, or {@code null}
 * @param status its system status: {@code UP}, {@code DEGRADED} or {@code DOWN}
 */
public record FleetMember(String id, Instant startedAt, Instant lastSeen, long configVersion, String configError,
		String status) {
}
