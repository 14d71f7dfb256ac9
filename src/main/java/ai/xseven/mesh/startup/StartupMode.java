package ai.xseven.mesh.startup;

/**
 * How the host started its services.
 */
public enum StartupMode {

	/** By dependency graph, independent services in parallel, failed ones retried. */
	MESH,

	/** One at a time in a fixed order, no retries: the old way, and the fallback. */
	LEGACY

}
