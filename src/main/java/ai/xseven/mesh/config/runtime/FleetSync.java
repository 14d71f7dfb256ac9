package ai.xseven.mesh.config.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.config.ConfigNotifications;
import ai.xseven.mesh.config.DedicatedConnections;
import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.config.InstanceStore;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceSnapshot;
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.registry.ServiceStateListener;
import ai.xseven.mesh.schedule.BackgroundLifecycle;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.scheduling.Trigger;
import org.springframework.util.backoff.BackOff;

/**
 * Keeps this instance one of the fleet, on scheduler threads of its own: once a health interval
 * it reads the latest configuration version (and applies it if newer) on one, and renews its
 * heartbeat and reads who else is there on another, which never waits for a change in progress;
 * a notification of a new version applies it at once. Notifications are only a wake-up; the
 * periodic read is what makes a lost one harmless.
 */
public class FleetSync implements BackgroundLifecycle, ServiceStateListener {

	/** How long the stop waits for this instance's row to be removed. */
	static final Duration LEAVE_WAIT = Duration.ofSeconds(1);

	private static final String DATABASE = "database";

	private static final Log logger = LogFactory.getLog(FleetSync.class);

	/** An instance counts as live while its heartbeat is younger than this many intervals. */
	public static final int LIVE_INTERVALS = 3;

	/** Rows of instances unseen for this long are removed. */
	static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);

	private final ConfigReloader reloader;

	private final InstanceStore instances;

	private final FleetState fleet;

	private final TaskScheduler scheduler;

	private final TaskScheduler heartbeatScheduler;

	private final Supplier<Duration> interval;

	private final Supplier<String> status;

	private final ConfigNotifications notifications;

	private volatile ScheduledFuture<?> rounds;

	private volatile ScheduledFuture<?> heartbeats;

	private volatile boolean failing;

	private volatile boolean started;

	private final ServiceRegistry registry;

	/**
	 * @param registry the services, whose {@code database} starting begins the rounds
	 * @param reloader what applies a newer stored version
	 * @param instances the heartbeat table
	 * @param fleet what this instance knows of the fleet
	 * @param scheduler a scheduler for the configuration reads only (they may wait for a change)
	 * @param heartbeatScheduler a scheduler for the heartbeat only (it never waits for one)
	 * @param interval the health interval, read at each round
	 * @param status this instance's system status
	 * @param connections where the listener's connection comes from
	 * @param backOff the listener's waits before it listens again
	 */
	FleetSync(ServiceRegistry registry, ConfigReloader reloader, InstanceStore instances, FleetState fleet,
			TaskScheduler scheduler, TaskScheduler heartbeatScheduler,
			Supplier<Duration> interval, Supplier<String> status, DedicatedConnections connections, BackOff backOff) {
		this.registry = registry;
		this.reloader = reloader;
		this.instances = instances;
		this.fleet = fleet;
		this.scheduler = scheduler;
		this.heartbeatScheduler = heartbeatScheduler;
		this.interval = interval;
		this.status = status;
		this.notifications = new ConfigNotifications(connections, this::announced, this::catchUpSoon, backOff);
		registry.addListener(this);
	}

	/**
	 * A version was announced: applied soon unless it is already in force.
	 * @param version its number
	 */
	void announced(long version) {
		if (version > this.fleet.applied().version()) {
			catchUpSoon();
		}
	}

	/**
	 * Reads the latest version on the fleet's thread, soon.
	 */
	void catchUpSoon() {
		this.scheduler.schedule(this::catchUp, Instant.now());
	}

	private void catchUp() {
		try {
			this.reloader.catchUp();
		}
		catch (RuntimeException ex) {
			logger.debug("The latest configuration version could not be read: " + Failures.describe(ex));
		}
	}

	/**
	 * One heartbeat: this instance's row renewed, the fleet read. Never waits for the
	 * configuration, so that an instance busy with a long change stays in the fleet.
	 */
	void heartbeat() {
		if (!this.started) {
			return;
		}
		try {
			this.instances.heartbeat(this.fleet.instance().id(), this.fleet.startedAt(), this.fleet.applied(),
					this.status.get());
			this.fleet.members(this.instances.live(this.interval.get().multipliedBy(LIVE_INTERVALS)));
			this.instances.purge(FORGOTTEN_AFTER);
			if (this.failing) {
				logger.info("The fleet's heartbeat works again");
			}
			this.failing = false;
		}
		catch (RuntimeException ex) {
			if (!this.failing) {
				logger.warn("The fleet's heartbeat failed (" + Failures.describe(ex) + "); tried every health interval");
			}
			this.failing = true;
		}
	}

	/**
	 * One periodic read of the latest configuration version: what makes a lost notification
	 * harmless.
	 */
	void read() {
		catchUp();
	}

	@Override
	public void start() {
		this.started = true;
		if (this.registry.find(DATABASE).map((service) -> service.state() == ServiceState.RUNNING).orElse(false)) {
			begin();
		}
	}

	@Override
	public void stateChanged(ServiceSnapshot previous, ServiceSnapshot current) {
		if (DATABASE.equals(current.name()) && current.state() == ServiceState.RUNNING) {
			databaseRuns();
		}
	}

	// The first time: the rounds begin. Later (perhaps with other settings): the listener follows
	// the database. Takes no lock but this object's: the calling thread may be one a change waits for.
	private synchronized void databaseRuns() {
		if (!this.started) {
			return;
		}
		if (this.rounds != null) {
			this.notifications.close();
			this.notifications.start();
		}
		begin();
	}

	// Once the database first runs: its schema is migrated by then, so that the rounds do not
	// fail on tables a new database does not have yet.
	private synchronized void begin() {
		if (this.rounds != null || !this.started) {
			return;
		}
		Trigger everyInterval = (context) -> {
			Instant last = context.lastCompletion();
			return (last != null) ? last.plus(this.interval.get()) : Instant.now();
		};
		this.rounds = this.scheduler.schedule(this::read, everyInterval);
		this.heartbeats = this.heartbeatScheduler.schedule(this::heartbeat, everyInterval);
		this.notifications.start();
	}

	@Override
	public synchronized void stop() {
		this.started = false;
		ScheduledFuture<?> scheduled = this.rounds;
		this.rounds = null;
		if (this.heartbeats != null) {
			this.heartbeats.cancel(false);
			this.heartbeats = null;
		}
		if (scheduled != null) {
			scheduled.cancel(false);
		}
		this.notifications.close();
		// Best effort: the others drop a member whose heartbeats stop anyway.
		this.instances.leave(this.fleet.instance().id(), LEAVE_WAIT);
	}

	/**
	 * Ends the schedulers' threads when the host is done with this instance (they are daemons, so
	 * a thread stuck on a frozen database ends with the JVM whatever happens).
	 */
	public void close() {
		for (TaskScheduler owned : List.of(this.scheduler, this.heartbeatScheduler)) {
			if (owned instanceof ExecutorConfigurationSupport executor) {
				executor.shutdown();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

}
