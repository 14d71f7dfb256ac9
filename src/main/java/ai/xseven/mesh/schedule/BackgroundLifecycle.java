package ai.xseven.mesh.schedule;

import org.springframework.context.SmartLifecycle;

/**
 * A lifecycle of the host's background work: starts after the services and stops after the web
 * server has drained its requests, before the services stop ({@link LifecyclePhases#BACKGROUND}).
 */
public interface BackgroundLifecycle extends SmartLifecycle {

	@Override
	default int getPhase() {
		return LifecyclePhases.BACKGROUND;
	}

}
