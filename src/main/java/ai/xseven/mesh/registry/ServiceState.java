package ai.xseven.mesh.registry;

/**
 * Where a registered service is in its lifecycle.
 */
public enum ServiceState {

	/** Known to the mesh, not started yet (or waiting for its dependencies). */
	REGISTERED,

	/** Its start is in progress. */
	STARTING,

	/** Started successfully and not stopped since. */
	RUNNING,

	/** Its last start failed; in mesh start-up it is retried in the background. */
	FAILED,

	/** Stopped by a restart or by shutdown. */
	STOPPED

}
