package ai.xseven.mesh.health;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.schedule.BackgroundLifecycle;
import ai.xseven.mesh.schedule.PeriodicTask;

import org.springframework.scheduling.TaskScheduler;

/**
 * The health rounds: every running service checked each {@code health.interval}, on a scheduler
 * that nothing else uses, so that no round waits for another task.
 */
public class HealthRounds implements BackgroundLifecycle {

	private static final Log logger = LogFactory.getLog(HealthRounds.class);

	private final HealthProperties properties;

	private final PeriodicTask rounds;

	public HealthRounds(HealthChecker checker, TaskScheduler scheduler, HealthProperties properties) {
		this.properties = properties;
		this.rounds = new PeriodicTask(scheduler, checker::checkAll, properties::getInterval);
	}

	@Override
	public void start() {
		this.rounds.start();
		logger.debug("Health checks every " + this.properties.getInterval().toMillis() + " ms, each within "
				+ this.properties.getTimeout().toMillis() + " ms");
	}

	/**
	 * Starts the rounds again with the health settings as they are now, after a change of them.
	 */
	public void reschedule() {
		this.rounds.restart();
	}

	@Override
	public void stop() {
		this.rounds.stop();
	}


	@Override
	public boolean isRunning() {
		return this.rounds.isRunning();
	}

}
