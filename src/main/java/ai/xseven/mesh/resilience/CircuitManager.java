package ai.xseven.mesh.resilience;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import ai.xseven.mesh.config.SectionHolder;

import org.springframework.util.Assert;

/**
 * The host's circuit breakers, kept in Resilience4j's registry: the Java face of the
 * Python-era {@code get_circuit_manager()}.
 */
public class CircuitManager {

	private final CircuitBreakerRegistry registry;

	private volatile CircuitBreakersSettings settings;

	// Each breaker's own additions to its settings (which exceptions count), kept for reconfiguring.
	private final Map<String, Consumer<CircuitBreakerConfig.Builder>> customizers = new ConcurrentHashMap<>();

	// What current(name) hands out: kept in step with the registry by its events, so that a call
	// costs one volatile read instead of a registry lookup.
	private final Map<String, CurrentBreaker> holders = new ConcurrentHashMap<>();

	public CircuitManager(CircuitBreakerRegistry registry, CircuitBreakersSettings settings) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(settings, "'settings' must not be null");
		this.registry = registry;
		// The section is swapped whole by a change; each breaker's configuration is made from it,
		// so the breakers follow each swap (and each swap back).
		this.settings = SectionHolder.inForce(settings);
		SectionHolder.whenSwapped(settings, this::reconfigure);
		registry.getEventPublisher()
			.onEntryAdded((event) -> follow(event.getAddedEntry().getName(), event.getAddedEntry()))
			.onEntryReplaced((event) -> follow(event.getNewEntry().getName(), event.getNewEntry()))
			.onEntryRemoved((event) -> follow(event.getRemovedEntry().getName(), null));
	}

	// Registry changes come from this class's synchronized methods, so no holder is made meanwhile.
	private void follow(String name, CircuitBreaker breaker) {
		CurrentBreaker holder = this.holders.get(name);
		if (holder != null) {
			holder.follow(breaker);
		}
	}

	/**
	 * The breaker of that name, created with its {@code circuit-breakers} settings if new.
	 * Integrations call it at start-up so that every breaker is listed before its first call.
	 * @param name the breaker's name
	 * @return the breaker
	 */
	public CircuitBreaker breaker(String name) {
		return breaker(name, (builder) -> {
		});
	}

	/**
	 * The breaker of that name, created with its {@code circuit-breakers} settings and a
	 * customization of the integration's own (which exceptions count) if new.
	 * @param name the breaker's name
	 * @param customizer adds to the configuration built from the settings
	 * @return the breaker
	 */
	public synchronized CircuitBreaker breaker(String name, Consumer<CircuitBreakerConfig.Builder> customizer) {
		this.customizers.putIfAbsent(name, customizer);
		return this.registry.find(name).orElseGet(() -> {
			CircuitBreaker created = this.registry.circuitBreaker(name, config(name));
			BreakerSettings.Override state = this.settings.forBreaker(name).getState();
			if (state != null) {
				BreakerOverrides.hold(created, state);
			}
			return created;
		});
	}

	/**
	 * The breaker of that name as it is at each call: what integrations hold, so that a breaker
	 * replaced by a settings change is the one they use.
	 * @param name the breaker's name
	 * @return the current breaker, created now if new
	 */
	public Supplier<CircuitBreaker> current(String name) {
		return current(name, (builder) -> {
		});
	}

	/**
	 * The breaker of that name as it is at each call, with the integration's customization.
	 * @param name the breaker's name
	 * @param customizer adds to the configuration built from the settings
	 * @return the current breaker, created now if new
	 */
	public synchronized Supplier<CircuitBreaker> current(String name, Consumer<CircuitBreakerConfig.Builder> customizer) {
		CircuitBreaker breaker = breaker(name, customizer);
		return this.holders.computeIfAbsent(name, (key) -> new CurrentBreaker(breaker, () -> breaker(key)));
	}

	/**
	 * Applies new {@code circuit-breakers} settings to every breaker (done at each swap of the
	 * section). Resilience4j fixes a breaker's configuration at creation, so each one whose
	 * settings changed is replaced in the registry by one in the same state (an OPEN breaker stays
	 * OPEN); its sliding window starts afresh. The registry's listeners (metrics, transition log)
	 * follow the replacement.
	 * @param settings the new settings
	 * @return the names of the breakers replaced
	 */
	public synchronized List<String> reconfigure(CircuitBreakersSettings settings) {
		CircuitBreakersSettings previous = this.settings;
		this.settings = settings;
		List<String> replaced = new ArrayList<>();
		for (CircuitBreaker current : this.registry.getAllCircuitBreakers()) {
			String name = current.getName();
			if (previous.forBreaker(name).sameAs(settings.forBreaker(name))) {
				continue;
			}
			CircuitBreaker next = CircuitBreaker.of(name, config(name));
			BreakerStates.carryOver(current, next);
			this.registry.replace(name, next);
			replaced.add(name);
		}
		for (CircuitBreaker breaker : this.registry.getAllCircuitBreakers()) {
			BreakerOverrides.apply(breaker, previous.forBreaker(breaker.getName()), settings.forBreaker(breaker.getName()));
		}
		return replaced;
	}

	private CircuitBreakerConfig config(String name) {
		CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.from(this.settings.forBreaker(name).toConfig());
		this.customizers.getOrDefault(name, (ignored) -> {
		}).accept(builder);
		return builder.build();
	}

	/**
	 * The settings the breakers were made with: the section's instance in force.
	 * @return the settings
	 */
	public CircuitBreakersSettings settings() {
		return this.settings;
	}

	/**
	 * The state of a breaker, if it exists.
	 * @param name the breaker's name
	 * @return its state
	 */
	public Optional<CircuitBreaker.State> stateOf(String name) {
		return this.registry.find(name).map(CircuitBreaker::getState);
	}

	/**
	 * The state of a service's breaker: the one named after the service, else the most open of
	 * those named {@code <service>-…} (the voice service has one per provider and direction).
	 * @param service the service's name
	 * @return the state, empty when the service has no breaker
	 */
	public Optional<CircuitBreaker.State> stateOfService(String service) {
		Optional<CircuitBreaker.State> own = stateOf(service);
		if (own.isPresent()) {
			return own;
		}
		return this.registry.getAllCircuitBreakers()
			.stream()
			.filter((breaker) -> breaker.getName().startsWith(service + "-"))
			.map(CircuitBreaker::getState)
			.max(Comparator.comparingInt(BreakerStates::openness));
	}

	/**
	 * Every breaker, by name.
	 * @return the breakers
	 */
	public Map<String, CircuitBreaker> getAllBreakers() {
		Map<String, CircuitBreaker> breakers = new TreeMap<>();
		this.registry.getAllCircuitBreakers().forEach((breaker) -> breakers.put(breaker.getName(), breaker));
		return breakers;
	}

	/**
	 * One breaker's state and counts.
	 * @param name the breaker's name
	 * @return its metrics
	 * @throws IllegalArgumentException when there is no such breaker
	 */
	public BreakerMetrics getMetrics(String name) {
		return BreakerMetrics.of(this.registry.find(name)
			.orElseThrow(() -> new IllegalArgumentException("Unknown circuit breaker '" + name + "'")));
	}

	/**
	 * Every breaker's metrics, {@code DEGRADED} when any is open.
	 * @return the breakers' health
	 */
	public BreakersHealth getSystemHealth() {
		Map<String, BreakerMetrics> breakers = new TreeMap<>();
		getAllBreakers().forEach((name, breaker) -> breakers.put(name, BreakerMetrics.of(breaker)));
		boolean open = breakers.values().stream().anyMatch((metrics) -> BreakerStates.isOpen(metrics.state()));
		return new BreakersHealth(open ? "DEGRADED" : "UP", breakers);
	}

	/**
	 * Whether any breaker is OPEN or FORCED_OPEN.
	 * @return whether one is open
	 */
	public boolean anyOpen() {
		return this.registry.getAllCircuitBreakers().stream().anyMatch(CircuitManager::isOpen);
	}

	/**
	 * What to tell a caller in {@code Retry-After} while a breaker refuses: its wait in the open
	 * state, in whole seconds.
	 * @param breaker the breaker
	 * @return the seconds, at least 1
	 */
	public static long retryAfterSeconds(CircuitBreaker breaker) {
		long waitMs = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
		return Math.max(1, (waitMs + 999) / 1000);
	}

	/**
	 * Whether a breaker refuses calls now: OPEN or FORCED_OPEN.
	 * @param breaker the breaker
	 * @return whether it is open
	 */
	public static boolean isOpen(CircuitBreaker breaker) {
		return BreakerStates.isOpen(breaker.getState().name());
	}

}
