package ai.xseven.mesh.startup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceGraphException;
import ai.xseven.mesh.registry.ServiceInstances;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.schedule.LifecyclePhases;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;
import org.springframework.util.Assert;

/**
 * Starts the registered services, restarts them on demand and stops them at shutdown: the Java
 * face of the Python-era {@code get_startup_orchestrator()}.
 * <p>
 * Start-up runs in the background so that the host answers HTTP at once. The mesh strategy is
 * used unless {@code startup.legacy} is set; when the mesh start-up itself fails (a bad graph,
 * an orchestrator error) the host logs why, falls back to the legacy strategy and reports it.
 */
public class StartupOrchestrator implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(StartupOrchestrator.class);

	private final ServiceRegistry registry;

	private final ServiceStarter starter;

	private final StartupStrategy mesh;

	private final StartupStrategy legacy;

	private final ServiceInstances instances;

	private final TaskExecutor executor;

	private final BooleanSupplier legacyFirst;

	private final StartupMetrics metrics;

	private final Preparations preparations;

	private final ServiceRestarts restarts;

	private final ServiceStops stops;

	private final CountDownLatch completed = new CountDownLatch(1);

	private volatile StartupStrategy strategy;

	private volatile String fallbackReason;

	private volatile boolean running;

	StartupOrchestrator(ServiceRegistry registry, ServiceStarter starter, StartupStrategy mesh, StartupStrategy legacy,
			ServiceInstances instances, TaskExecutor executor, BooleanSupplier legacyFirst, StartupMetrics metrics,
			Supplier<List<BeforeServicesStart>> preparations, ServiceStops stops) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(starter, "'starter' must not be null");
		this.registry = registry;
		this.starter = starter;
		this.mesh = mesh;
		this.legacy = legacy;
		this.instances = instances;
		this.executor = executor;
		this.legacyFirst = legacyFirst;
		this.metrics = metrics;
		this.preparations = new Preparations(preparations);
		this.strategy = legacyFirst.getAsBoolean() ? legacy : mesh;
		// The strategy in force at each restart: the start-up may switch it once its preparations are done.
		this.restarts = new ServiceRestarts(registry, starter, metrics, () -> this.strategy);
		this.stops = stops;
	}

	/**
	 * Registers a service. Before start-up its dependencies may name services registered later;
	 * afterwards they must exist already, and the service is started at once as the current
	 * strategy would.
	 * @param definition the service
	 * @throws IllegalArgumentException when the name is taken or, after start-up, when the
	 * dependencies are unknown or form a cycle
	 */
	public void registerService(ServiceDefinition definition) {
		Assert.notNull(definition, "'definition' must not be null");
		Assert.isTrue(!this.registry.contains(definition.name()),
				() -> "A service named '" + definition.name() + "' is already registered");
		if (this.running) {
			try {
				this.registry.checkAddition(definition);
			}
			catch (ServiceGraphException ex) {
				throw new IllegalArgumentException(ex.getMessage(), ex);
			}
		}
		this.registry.register(definition);
		logger.debug("Registered service '" + definition.name() + "' depending on " + definition.dependencies());
		if (this.running) {
			this.executor.execute(() -> this.strategy.added(definition.name()));
		}
	}

	/**
	 * The start-up mode, fallback reason and every service's lifecycle state.
	 * @return the status
	 */
	public StartupStatus getSystemStatus() {
		return new StartupStatus(this.strategy.mode(), this.fallbackReason, this.completed.getCount() == 0,
				this.registry.snapshots());
	}

	/**
	 * The instance of a registered service; a new one for a TRANSIENT service.
	 * @param name the service
	 * @param type the type it is expected to have
	 * @param <T> that type
	 * @return the instance
	 */
	public <T> T getService(String name, Class<T> type) {
		ServiceDefinition definition = this.registry.definition(name).orElseThrow(() -> new UnknownServiceException(name));
		Assert.state(this.registry.get(name).state() == ServiceState.RUNNING, () -> "Service '" + name + "' is not running");
		Assert.state(definition.serviceClass() != null, () -> "Service '" + name + "' has no instance");
		return type.cast(this.instances.instanceOf(definition));
	}

	public StartupMode getMode() {
		return this.strategy.mode();
	}

	public String getFallbackReason() {
		return this.fallbackReason;
	}

	/**
	 * Waits until the first start attempt of every service has ended.
	 * @param timeout how long to wait
	 * @return whether it ended in time
	 */
	public boolean awaitStartup(Duration timeout) {
		try {
			return this.completed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Stops a service and, in reverse order, the services that depend on it, then starts them
	 * again in dependency order. A service that does not start again is left to the start-up
	 * strategy (the mesh retries it).
	 * @param name the service
	 * @return what was restarted
	 * @throws UnknownServiceException when the service is not registered
	 * @throws RestartInProgressException when a restart runs or the service is starting
	 */
	public RestartResult restart(String name) {
		return this.restarts.restart(name);
	}

	@Override
	public void start() {
		this.running = true;
		this.executor.execute(this::runStartup);
	}

	private void runStartup() {
		long began = System.nanoTime();
		try {
			this.preparations.run();
			if (!this.running) {
				logger.info("Start-up abandoned: the host is stopping");
				return;
			}
			// Read once the stored runtime configuration is in force: a stored startup.legacy counts.
			if (this.legacyFirst.getAsBoolean()) {
				this.strategy = this.legacy;
				logger.info("Legacy start-up selected (startup.legacy=true)");
				this.legacy.start();
			}
			else {
				this.strategy = this.mesh;
				startMeshOrFallBack();
			}
			long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
			logger.info(this.strategy.mode() + " start-up finished in " + took + " ms: " + getSystemStatus().summary());
		}
		catch (RuntimeException ex) {
			logger.error("Start-up failed: " + Failures.describe(ex), ex);
		}
		finally {
			this.completed.countDown();
		}
	}

	private void startMeshOrFallBack() {
		try {
			this.mesh.start();
		}
		catch (RuntimeException ex) {
			String reason = (ex instanceof ServiceGraphException) ? ex.getMessage()
					: "orchestrator error: " + Failures.describe(ex);
			this.fallbackReason = reason;
			logger.warn("Mesh start-up failed (" + reason + "); falling back to legacy start-up");
			this.mesh.stop();
			this.strategy = this.legacy;
			this.legacy.start();
		}
	}

	/**
	 * Stops every running service in reverse dependency order (reverse registration order when
	 * the graph is invalid), at the same time where none depends on another, each within the
	 * stop timeout and all within the shutdown's budget ({@link ServiceStops}).
	 */
	@Override
	public void stop() {
		this.running = false;
		this.mesh.stop();
		this.legacy.stop();
		this.stops.stopAll();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Starts before the web server and stops after it, so that requests drain before the
	 * services they use go away.
	 */
	@Override
	public int getPhase() {
		return LifecyclePhases.SERVICES;
	}

}
