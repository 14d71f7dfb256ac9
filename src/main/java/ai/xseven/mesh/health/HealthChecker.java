package ai.xseven.mesh.health;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;

import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceInstances;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceSnapshot;
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.registry.ServiceStateListener;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.StartupStatus;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.util.Assert;

/**
 * Checks every running service in the background, concurrently, each check bounded by
 * {@code health.timeout}, and answers health questions from the latest results without any I/O:
 * the Java face of the Python-era {@code get_health_checker()}. A facade over its parts: the
 * checks run by {@link ProbeRunner}, judged by {@link HealthAssessor}, followed by
 * {@link StatusChanges} and {@link HealthMeters}; {@link HealthRounds} calls {@link #checkAll()}
 * every interval.
 * <p>
 * A check that hangs costs its timeout and nothing else: its service is DOWN once the timeout
 * passes, other checks and requests go on, and no second check of that service starts while the
 * first one's thread is still stuck.
 */
public class HealthChecker implements ServiceStateListener {

	/** A refresh on request probes a service at most once in this time; others get the latest result. */
	static final Duration REFRESH_SPACING = Duration.ofSeconds(1);

	private final ServiceRegistry registry;

	private final CircuitManager circuits;

	private final Supplier<StartupStatus> startupStatus;

	private final Consumer<ServiceDefinition> registrar;

	private final AsyncTaskExecutor executor;

	private final Clock clock;

	private final HealthMeters meters;

	private final ServiceChecks checks;

	private final HealthResults results = new HealthResults();

	private final ProbeRunner probes;

	private final HealthAssessor assessor;

	private final StatusChanges changes;

	public HealthChecker(ServiceRegistry registry, ServiceInstances instances, CircuitManager circuits,
			Supplier<StartupStatus> startupStatus, Consumer<ServiceDefinition> registrar, HealthProperties properties,
			AsyncTaskExecutor executor, Clock clock, MeterRegistry meterRegistry) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(properties, "'properties' must not be null");
		this.registry = registry;
		this.checks = new ServiceChecks(registry, instances);
		this.circuits = circuits;
		this.startupStatus = startupStatus;
		this.registrar = registrar;
		this.executor = executor;
		this.clock = clock;
		this.meters = new HealthMeters(meterRegistry);
		this.probes = new ProbeRunner(executor, properties::getTimeout, properties::getInterval, clock);
		this.assessor = new HealthAssessor(clock,
				() -> properties.getInterval().multipliedBy(3).plus(properties.getTimeout()));
		this.changes = new StatusChanges(clock);
	}

	/**
	 * Sets the check of a service, replacing the one it was registered with. A name that is not
	 * registered yet becomes an optional check-only service.
	 * @param name the service
	 * @param check its probe
	 */
	public void registerCheck(String name, HealthCheck check) {
		Assert.notNull(check, "'check' must not be null");
		this.checks.set(name, check);
		this.results.moved();
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
		boolean breakerOpen = this.circuits != null && this.circuits.anyOpen();
		return new SystemHealth(HealthAssessor.overall(services.values(), breakerOpen), startup.mode(),
				startup.fallbackReason(), this.clock.instant(), null, List.of(), this.changes.recent(), services);
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
	 * Checks a service now and waits for the result, at most the health timeout; a check in
	 * flight is shared, and a service checked less than {@link #REFRESH_SPACING} ago is not
	 * checked again (its latest result is the answer).
	 * @param name the service
	 * @return its health after the check, empty when the name is unknown
	 */
	public Optional<ServiceHealth> refresh(String name) {
		if (!this.registry.contains(name)) {
			return Optional.empty();
		}
		CheckOutcome latest = this.results.latest(name);
		if (latest == null || latest.checkedAt().plus(REFRESH_SPACING).isBefore(this.clock.instant())) {
			probe(name).join();
		}
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
	CompletableFuture<CheckOutcome> probe(String name) {
		ServiceSnapshot service = this.registry.get(name);
		if (service.state() != ServiceState.RUNNING) {
			forget(name);
			return CompletableFuture.completedFuture(null);
		}
		HealthCheck check = this.checks.of(name);
		if (check == null) {
			return CompletableFuture.completedFuture(null);
		}
		return this.probes.probe(name, check, this::record,
				(current) -> this.registry.get(current).state() == ServiceState.RUNNING);
	}

	/**
	 * How many results and lifecycle changes there were: a number that grows with each, for
	 * telling whether an answer may differ from an earlier one.
	 * @return the count
	 */
	public long moves() {
		return this.results.moves();
	}

	private void record(String name, CheckOutcome outcome) {
		this.results.put(name, outcome);
		this.meters.checked(name, outcome.latency());
		report(name);
		// Counted once the change is listed too, so that no answer rendered meanwhile lacks it.
		this.results.moved();
	}

	private void report(String name) {
		this.changes.seen(name, getServiceHealth(name).orElseThrow());
	}

	private void forget(String name) {
		this.results.forget(name);
		report(name);
	}

	private ServiceHealth health(ServiceSnapshot service, boolean startupCompleted) {
		String breaker = (this.circuits != null) ? this.circuits.stateOfService(service.name()).map(Enum::name).orElse(null)
				: null;
		ServiceHealth health = this.assessor.assess(service, this.results.latest(service.name()),
				this.checks.of(service.name()) != null, startupCompleted,
				(dependency) -> this.registry.get(dependency).state() == ServiceState.RUNNING, breaker);
		this.changes.read(service.name(), health);
		return health;
	}

	@Override
	public void registered(ServiceDefinition definition) {
		this.results.moved();
		String name = definition.name();
		this.meters.follow(name, definition.required(), () -> getServiceHealth(name).map(ServiceHealth::up).orElse(false));
	}

	/**
	 * Checks a service as soon as it has started, and forgets its results when it stops.
	 */
	@Override
	public void stateChanged(ServiceSnapshot previous, ServiceSnapshot current) {
		this.probes.forget(current.name());
		if (current.state() == ServiceState.RUNNING && previous.state() != ServiceState.RUNNING) {
			this.executor.execute(() -> probe(current.name()));
		}
		else if (current.state() != ServiceState.RUNNING) {
			forget(current.name());
		}
		this.results.moved();
	}

}
