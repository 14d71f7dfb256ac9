package ai.xseven.mesh.health;

/**
 * A service's health.
 */
public enum ServiceStatus {

	/** Running and its last check passed. */
	UP,

	/** Not running, or its last check failed or timed out. */
	DOWN,

	/** Not checked yet; only during start-up. */
	UNKNOWN

}
