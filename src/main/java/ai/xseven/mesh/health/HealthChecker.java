package ai.xseven.mesh.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.metrics.MeshMeters;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ProbeResult;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceInstances;
import ai.xseven.mesh.registry.ServiceLifecycle;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceSnapshot;
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.registry.ServiceStateListener;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.schedule.PeriodicTask;
import ai.xseven.mesh.startup.StartupStatus;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * Checks every running service in the background, concurrently, each check bounded by
 * {@code health.timeout}, and answers health questions from the latest results without any I/O:
 * the Java face of the Python-era {@code get_health_checker()}.
 * <p>
 * A check that hangs costs its timeout and nothing else: its service is DOWN once the timeout
 * passes, other checks and requests go on, and no second check of that service starts while the
 * first one's thread is still stuck.
 */
public class HealthChecker implements ServiceStateListener, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(HealthChecker.class);

	private final ServiceRegistry registry;

	private final ServiceInstances instances;

	private final CircuitManager circuits;

	private final Supplier<StartupStatus> startupStatus;

	private final Consumer<ServiceDefinition> registrar;

	private final HealthProperties properties;

	private final AsyncTaskExecutor executor;

	private final Clock clock;

	private final MeterRegistry meterRegistry;

	private final Map<String, HealthCheck> registeredChecks = new ConcurrentHashMap<>();

	private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Outcome>> probes = new ConcurrentHashMap<>();

	private final Set<String> stuck = ConcurrentHashMap.newKeySet();

	private final Map<String, ServiceStatus> reported = new ConcurrentHashMap<>();

	// Bumped at every state change, so that a check begun before a stop or restart is not taken
	// for the state after it.
	private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();

	private final PeriodicTask rounds;

	public HealthChecker(ServiceRegistry registry, ServiceInstances instances, CircuitManager circuits,
			Supplier<StartupStatus> startupStatus, Consumer<ServiceDefinition> registrar, HealthProperties properties,
			AsyncTaskExecutor executor, TaskScheduler scheduler, Clock clock, MeterRegistry meterRegistry) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(properties, "'properties' must not be null");
		this.registry = registry;
		this.instances = instances;
		this.circuits = circuits;
		this.startupStatus = startupStatus;
		this.registrar = registrar;
		this.properties = properties;
		this.executor = executor;
		this.rounds = new PeriodicTask(scheduler, this::checkAll, properties::getInterval);
		this.clock = clock;
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Sets the check of a service, replacing the one it was registered with. A name that is not
	 * registered yet becomes an optional check-only service.
	 * @param name the service
	 * @param check its probe
	 */
	public void registerCheck(String name, HealthCheck check) {
		Assert.notNull(check, "'check' must not be null");
		this.registeredChecks.put(name, check);
		if (!this.registry.contains(name)) {
			this.registrar.accept(ServiceDefinition.builder(name).build());
		}
		else if (this.registry.get(name).state() == ServiceState.RUNNING) {
			probe(name);
		}
	}

	/**
	 * The system's health from the latest results; never waits for a check.
	 * @return the health of the system and of every service
	 */
	public SystemHealth getSystemHealth() {
		StartupStatus startup = this.startupStatus.get();
		Map<String, ServiceHealth> services = new LinkedHashMap<>();
		for (ServiceSnapshot service : startup.services()) {
			services.put(service.name(), health(service, startup.completed()));
		}
		return new SystemHealth(overall(services), startup.mode(), startup.fallbackReason(), this.clock.instant(), null,
				List.of(), services);
	}

	/**
	 * One service's health from the latest result; never waits for a check.
	 * @param name the service
	 * @return its health, empty when the name is unknown
	 */
	public Optional<ServiceHealth> getServiceHealth(String name) {
		return this.registry.find(name)
			.map((service) -> health(service, this.startupStatus.get().completed()).withName(name));
	}

	/**
	 * Checks a service now and waits for the result, at most the health timeout.
	 * @param name the service
	 * @return its health after the check, empty when the name is unknown
	 */
	public Optional<ServiceHealth> refresh(String name) {
		if (!this.registry.contains(name)) {
			return Optional.empty();
		}
		probe(name).join();
		return getServiceHealth(name);
	}

	/**
	 * Starts a check of every running service that has none in flight.
	 */
	public void checkAll() {
		for (ServiceSnapshot service : this.registry.snapshots()) {
			probe(service.name());
		}
	}

	/**
	 * Checks one service unless a check of it is in flight, whose result is then shared.
	 * @param name the service
	 * @return the outcome, complete within the health timeout; {@code null} when the service is
	 * not running
	 */
	CompletableFuture<Outcome> probe(String name) {
		ServiceSnapshot service = this.registry.get(name);
		if (service.state() != ServiceState.RUNNING) {
			this.outcomes.remove(name);
			report(name);
			return CompletableFuture.completedFuture(null);
		}
		HealthCheck check = checkOf(name);
		if (check == null) {
			return CompletableFuture.completedFuture(null);
		}
		CompletableFuture<Outcome> outcome;
		synchronized (this.probes) {
			CompletableFuture<Outcome> inFlight = this.probes.get(name);
			if (inFlight != null) {
				return inFlight;
			}
			if (this.stuck.contains(name)) {
				Duration timeout = this.properties.getTimeout();
				Outcome stillStuck = new Outcome(ProbeResult.down("previous check still running after its timeout of "
						+ timeout.toMillis() + " ms"), timeout, this.clock.instant());
				record(name, stillStuck);
				return CompletableFuture.completedFuture(stillStuck);
			}
			outcome = new CompletableFuture<>();
			this.probes.put(name, outcome);
			this.stuck.add(name);
		}
		launch(name, check, outcome);
		return outcome;
	}

	private void launch(String name, HealthCheck check, CompletableFuture<Outcome> outcome) {
		long generation = generation(name).get();
		long timeoutMs = this.properties.getTimeout().toMillis();
		long began = System.nanoTime();
		CompletableFuture<ProbeResult> result = new CompletableFuture<>();
		// Whoever takes the turn first owns the stuck mark: the check when its thread starts it
		// (cleared when it ends), or the timeout, for a check whose thread never got to run it.
		AtomicBoolean turnTaken = new AtomicBoolean();
		Future<?> task = submit(() -> {
			if (!turnTaken.compareAndSet(false, true)) {
				return;
			}
			// The mark goes before the result is out: completing it runs the bookkeeping of the
			// outcome on this thread, after which a new probe may come at once.
			ProbeResult found = null;
			Throwable failure = null;
			try {
				found = check.check();
			}
			catch (Throwable ex) {
				failure = ex;
			}
			finally {
				this.stuck.remove(name);
			}
			if (failure != null) {
				result.completeExceptionally(failure);
			}
			else {
				result.complete(found);
			}
		}, result);
		result.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((probe, ex) -> {
			Duration took = Duration.ofNanos(System.nanoTime() - began);
			if (turnTaken.compareAndSet(false, true)) {
				this.stuck.remove(name);
			}
			ProbeResult found = probe;
			if (ex != null) {
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
				if (cause instanceof TimeoutException) {
					task.cancel(true);
					found = ProbeResult.down("timed out after " + timeoutMs + " ms");
				}
				else {
					found = ProbeResult.down(Failures.describe(cause));
				}
			}
			Outcome ended = new Outcome(found, took, this.clock.instant());
			if (generation == generation(name).get() && this.registry.get(name).state() == ServiceState.RUNNING) {
				record(name, ended);
			}
			synchronized (this.probes) {
				this.probes.remove(name, outcome);
			}
			outcome.complete(ended);
		});
	}

	// A check the executor refuses fails at once, as if it had thrown.
	private Future<?> submit(Runnable check, CompletableFuture<ProbeResult> result) {
		try {
			return this.executor.submit(check);
		}
		catch (TaskRejectedException ex) {
			result.completeExceptionally(ex.getCause() != null ? ex.getCause() : ex);
			return CompletableFuture.completedFuture(null);
		}
	}

	private AtomicLong generation(String name) {
		return this.generations.computeIfAbsent(name, (key) -> new AtomicLong());
	}

	private HealthCheck checkOf(String name) {
		HealthCheck registered = this.registeredChecks.get(name);
		if (registered != null) {
			return registered;
		}
		ServiceDefinition definition = this.registry.definition(name).orElseThrow();
		if (definition.healthCheck() != null) {
			return definition.healthCheck();
		}
		if (definition.serviceClass() != null && HealthCheck.class.isAssignableFrom(definition.serviceClass())
				&& definition.lifecycle() == ServiceLifecycle.SINGLETON) {
			return () -> ((HealthCheck) this.instances.instanceOf(definition)).check();
		}
		return null;
	}

	private void record(String name, Outcome outcome) {
		this.outcomes.put(name, outcome);
		Timer.builder(MeshMeters.SERVICE_HEALTH_CHECK)
			.description("Time the service's health checks take")
			.tag(MeshMeters.TAG_SERVICE, name)
			.register(this.meterRegistry)
			.record(outcome.latency());
		report(name);
	}

	// Logs a service's status once per change.
	private void report(String name) {
		ServiceHealth health = getServiceHealth(name).orElseThrow();
		ServiceStatus previous = this.reported.put(name, health.status());
		if (previous != null && previous != health.status()) {
			if (health.status() == ServiceStatus.UP) {
				logger.info("Service '" + name + "' is UP (was " + previous + ")");
			}
			else if (health.status() == ServiceStatus.DOWN) {
				logger.warn("Service '" + name + "' is DOWN (was " + previous + "): " + health.error());
			}
			else {
				logger.info("Service '" + name + "' is " + health.status() + " (was " + previous + ")");
			}
		}
	}

	private ServiceHealth health(ServiceSnapshot service, boolean startupCompleted) {
		ServiceStatus status;
		String error = null;
		Double latencyMs = null;
		Instant checkedAt = service.stateChangedAt();
		Map<String, Object> details = Map.of();
		switch (service.state()) {
			case RUNNING -> {
				Outcome outcome = this.outcomes.get(service.name());
				if (outcome != null) {
					status = outcome.result().healthy() ? ServiceStatus.UP : ServiceStatus.DOWN;
					error = outcome.result().error();
					latencyMs = outcome.latency().toNanos() / 1_000_000.0;
					checkedAt = outcome.checkedAt();
					details = outcome.result().details();
				}
				else {
					status = (checkOf(service.name()) != null) ? ServiceStatus.UNKNOWN : ServiceStatus.UP;
				}
			}
			case FAILED -> {
				status = ServiceStatus.DOWN;
				error = service.error();
			}
			case STOPPED -> {
				status = ServiceStatus.DOWN;
				error = "stopped";
			}
			case REGISTERED -> {
				List<String> waiting = service.dependsOn()
					.stream()
					.filter((dependency) -> this.registry.get(dependency).state() != ServiceState.RUNNING)
					.toList();
				status = startupCompleted ? ServiceStatus.DOWN : ServiceStatus.UNKNOWN;
				error = waiting.isEmpty() ? "not started" : "not started: waiting for " + String.join(", ", waiting);
			}
			case STARTING -> {
				status = startupCompleted ? ServiceStatus.DOWN : ServiceStatus.UNKNOWN;
				error = startupCompleted ? ((service.error() != null) ? "starting again after: " + service.error()
						: "starting") : null;
			}
			default -> status = ServiceStatus.UNKNOWN;
		}
		String breaker = (this.circuits != null) ? this.circuits.stateOfService(service.name()).map(Enum::name).orElse(null)
				: null;
		return new ServiceHealth(null, status, service.required(), service.state(), latencyMs, checkedAt, error, breaker,
				service.dependsOn(), details);
	}

	private String overall(Map<String, ServiceHealth> services) {
		boolean requiredDown = services.values()
			.stream()
			.anyMatch((service) -> service.required() && service.status() != ServiceStatus.UP);
		if (requiredDown) {
			return SystemHealth.DOWN;
		}
		boolean optionalDown = services.values().stream().anyMatch((service) -> service.status() != ServiceStatus.UP);
		boolean breakerOpen = this.circuits != null && this.circuits.anyOpen();
		return (optionalDown || breakerOpen) ? SystemHealth.DEGRADED : SystemHealth.UP;
	}

	@Override
	public void registered(ServiceDefinition definition) {
		String name = definition.name();
		Gauge.builder(MeshMeters.SERVICE_UP, this,
				(checker) -> checker.getServiceHealth(name).map((health) -> health.status() == ServiceStatus.UP ? 1 : 0)
					.orElse(0))
			.description("Whether the service is UP (1) or not (0)")
			.tag(MeshMeters.TAG_SERVICE, name)
			.register(this.meterRegistry);
	}

	/**
	 * Checks a service as soon as it has started, and forgets its results when it stops.
	 */
	@Override
	public void stateChanged(ServiceSnapshot previous, ServiceSnapshot current) {
		generation(current.name()).incrementAndGet();
		synchronized (this.probes) {
			this.probes.remove(current.name());
		}
		if (current.state() == ServiceState.RUNNING && previous.state() != ServiceState.RUNNING) {
			this.executor.execute(() -> probe(current.name()));
		}
		else if (current.state() != ServiceState.RUNNING) {
			this.outcomes.remove(current.name());
			report(current.name());
		}
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

	/**
	 * The result of one check.
	 *
	 * @param result what the check found
	 * @param latency how long it took
	 * @param checkedAt when it ended
	 */
	record Outcome(ProbeResult result, Duration latency, Instant checkedAt) {
	}

}
