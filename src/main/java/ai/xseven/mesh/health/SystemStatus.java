package ai.xseven.mesh.health;

/**
 * The system's health: {@code DOWN} if any required service is not UP; else {@code DEGRADED} if
 * any optional one is not UP or any breaker is open; else {@code UP}.
 */
public enum SystemStatus {

	/** Every service UP and every breaker closed. */
	UP,

	/** An optional service not UP, or a breaker open. */
	DEGRADED,

	/** A required service not UP: readiness is down. */
	DOWN

}
