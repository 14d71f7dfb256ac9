package ai.xseven.mesh.schedule;

import org.springframework.context.SmartLifecycle;

/**
 * Where the host's lifecycles sit among Spring Boot's. Lower phases start first and stop last:
 * the services start first and stop last; the background work (the outbox relay, fleet
 * polling and its leaving, the health rounds, the file watcher) starts after them and stops after
 * the web server has drained its requests ({@code SmartLifecycle.DEFAULT_PHASE - 1024}) and
 * stopped ({@code DEFAULT_PHASE - 2048}). A request in flight at SIGTERM so still has the services
 * it may need, and no stop that talks to a dependency runs before the drain. (Tasks on a
 * scheduler end earlier still: a scheduler stops taking them as the context closes.)
 */
public final class LifecyclePhases {

	/** The background work's phase. */
	public static final int BACKGROUND = SmartLifecycle.DEFAULT_PHASE - 3072;

	/** The services' phase. */
	public static final int SERVICES = SmartLifecycle.DEFAULT_PHASE - 4096;

	private LifecyclePhases() {
	}

}
