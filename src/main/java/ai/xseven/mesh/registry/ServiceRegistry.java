package ai.xseven.mesh.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.springframework.util.Assert;

/**
 * The services of the host, in registration order, with their lifecycle state. The instances
 * themselves are beans of the application context; this keeps what the mesh knows about them.
 * Changes take a lock and publish an immutable view; reads take no lock, so that a request
 * path that reads a service's state on every call (health answers, the event publisher) never
 * waits for a writer, nor for a reader descheduled while it held a lock.
 */
public class ServiceRegistry {

	private final Clock clock;

	// Guarded by itself; every change ends with publish().
	private final Map<String, Entry> entries = new LinkedHashMap<>();

	private final List<ServiceStateListener> listeners = new CopyOnWriteArrayList<>();

	// What readers see: the state as of the last change, the same objects until the next one.
	private volatile View view = View.EMPTY;

	public ServiceRegistry(Clock clock) {
		Assert.notNull(clock, "'clock' must not be null");
		this.clock = clock;
	}

	/**
	 * Adds a service in state {@link ServiceState#REGISTERED}.
	 * @param definition the service
	 * @throws IllegalStateException when a service of that name exists
	 */
	public void register(ServiceDefinition definition) {
		Assert.notNull(definition, "'definition' must not be null");
		synchronized (this.entries) {
			Assert.state(!this.entries.containsKey(definition.name()),
					() -> "A service named '" + definition.name() + "' is already registered");
			this.entries.put(definition.name(), new Entry(definition, this.clock.instant()));
			publish();
		}
		this.listeners.forEach((listener) -> listener.registered(definition));
	}

	public void addListener(ServiceStateListener listener) {
		this.listeners.add(listener);
	}

	public boolean contains(String name) {
		return this.view.byName().containsKey(name);
	}

	public Optional<ServiceDefinition> definition(String name) {
		return Optional.ofNullable(this.view.definitions().get(name));
	}

	public List<ServiceDefinition> definitions() {
		return this.view.definitionList();
	}

	public Optional<ServiceSnapshot> find(String name) {
		return Optional.ofNullable(this.view.byName().get(name));
	}

	public ServiceSnapshot get(String name) {
		return find(name).orElseThrow(() -> new IllegalArgumentException("Unknown service '" + name + "'"));
	}

	/**
	 * Every service's snapshot; the same list until a service changes.
	 * @return the snapshots, in registration order
	 */
	public List<ServiceSnapshot> snapshots() {
		return this.view.snapshots();
	}

	/**
	 * The current dependency graph.
	 * @return the validated graph
	 * @throws ServiceGraphException when it has an unknown dependency or a cycle
	 */
	public ServiceGraph graph() {
		return ServiceGraph.of(definitions());
	}

	/**
	 * Checks that the graph stays valid with one more service.
	 * @param definition the service
	 * @throws ServiceGraphException when its dependencies are unknown or form a cycle
	 */
	public void checkAddition(ServiceDefinition definition) {
		List<ServiceDefinition> candidate = new ArrayList<>(definitions());
		candidate.add(definition);
		ServiceGraph.of(candidate);
	}

	/**
	 * The order to stop every service in: reverse dependency order, or reverse registration
	 * order when the graph is invalid (a stop must not fail on it).
	 * @return the names
	 */
	public List<String> stopOrder() {
		List<String> order;
		try {
			order = new ArrayList<>(graph().startOrder());
		}
		catch (ServiceGraphException ex) {
			order = new ArrayList<>(definitions().stream().map(ServiceDefinition::name).toList());
		}
		Collections.reverse(order);
		return order;
	}

	/**
	 * Moves a service to a state and tells the listeners.
	 * @param name the service
	 * @param state its new state
	 * @param error why, for {@link ServiceState#FAILED}; else {@code null}
	 * @return the snapshot after the change
	 */
	public ServiceSnapshot transition(String name, ServiceState state, String error) {
		return change(name, (entry) -> {
			entry.state = state;
			entry.error = error;
			entry.stateChangedAt = this.clock.instant();
		});
	}

	/**
	 * Marks a service {@link ServiceState#RUNNING} after a start that took the given time.
	 * @param name the service
	 * @param startupDuration how long its start took
	 * @return the snapshot after the change
	 */
	public ServiceSnapshot started(String name, Duration startupDuration) {
		return change(name, (entry) -> {
			entry.state = ServiceState.RUNNING;
			entry.error = null;
			entry.startupDuration = startupDuration;
			entry.stateChangedAt = this.clock.instant();
		});
	}

	/**
	 * Makes a service required or optional from now on, in whatever state it is (a runtime change
	 * of its {@code <service>.required} setting). Its state does not change, so no listener hears
	 * of it.
	 * @param name the service
	 * @param required whether the host is {@code DOWN} without it
	 * @return whether that changed anything
	 */
	public boolean require(String name, boolean required) {
		synchronized (this.entries) {
			Entry entry = this.entries.get(name);
			Assert.state(entry != null, () -> "Unknown service '" + name + "'");
			ServiceDefinition before = entry.definition;
			entry.definition = before.withRequired(required);
			publish();
			return entry.definition != before;
		}
	}

	private ServiceSnapshot change(String name, Consumer<Entry> change) {
		ServiceSnapshot previous;
		ServiceSnapshot current;
		synchronized (this.entries) {
			Entry entry = this.entries.get(name);
			Assert.state(entry != null, () -> "Unknown service '" + name + "'");
			previous = entry.snapshot();
			change.accept(entry);
			current = entry.snapshot();
			publish();
		}
		List<ServiceStateListener> toNotify = new ArrayList<>(this.listeners);
		toNotify.forEach((listener) -> listener.stateChanged(previous, current));
		return current;
	}

	// Called with the lock of entries held.
	private void publish() {
		Map<String, ServiceDefinition> definitions = new LinkedHashMap<>();
		Map<String, ServiceSnapshot> byName = new LinkedHashMap<>();
		this.entries.forEach((name, entry) -> {
			definitions.put(name, entry.definition);
			byName.put(name, entry.snapshot());
		});
		this.view = new View(Collections.unmodifiableMap(definitions), List.copyOf(definitions.values()),
				Collections.unmodifiableMap(byName), List.copyOf(byName.values()));
	}

	private record View(Map<String, ServiceDefinition> definitions, List<ServiceDefinition> definitionList,
			Map<String, ServiceSnapshot> byName, List<ServiceSnapshot> snapshots) {

		static final View EMPTY = new View(Map.of(), List.of(), Map.of(), List.of());

	}

	private static final class Entry {

		private ServiceDefinition definition;

		private ServiceState state = ServiceState.REGISTERED;

		private String error;

		private Duration startupDuration;

		private Instant stateChangedAt;

		private Entry(ServiceDefinition definition, Instant registeredAt) {
			this.definition = definition;
			this.stateChangedAt = registeredAt;
		}

		private ServiceSnapshot snapshot() {
			return new ServiceSnapshot(this.definition.name(), this.definition.required(), this.state,
					this.definition.dependencies(), this.error, this.startupDuration, this.stateChangedAt);
		}

	}

}
