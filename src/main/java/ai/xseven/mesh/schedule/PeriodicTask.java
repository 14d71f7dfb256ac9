package ai.xseven.mesh.schedule;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * A task run at a fixed delay on a {@link TaskScheduler}, that can be stopped and started again;
 * each start reads the period as it is then, so that a changed setting takes effect on restart.
 */
public final class PeriodicTask {

	private final TaskScheduler scheduler;

	private final Runnable task;

	private final Supplier<Duration> period;

	private ScheduledFuture<?> future;

	public PeriodicTask(TaskScheduler scheduler, Runnable task, Supplier<Duration> period) {
		Assert.notNull(scheduler, "'scheduler' must not be null");
		Assert.notNull(task, "'task' must not be null");
		Assert.notNull(period, "'period' must not be null");
		this.scheduler = scheduler;
		this.task = task;
		this.period = period;
	}

	public synchronized void start() {
		if (this.future == null) {
			this.future = this.scheduler.scheduleWithFixedDelay(this.task, this.period.get());
		}
	}

	public synchronized void stop() {
		if (this.future != null) {
			this.future.cancel(false);
			this.future = null;
		}
	}

	/**
	 * Stops the task and starts it again with the period as it is now.
	 */
	public synchronized void restart() {
		stop();
		start();
	}

	public synchronized boolean isRunning() {
		return this.future != null;
	}

}
