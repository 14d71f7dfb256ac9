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
 */
public class ServiceRegistry {

	private final Clock clock;

	private final Map<String, Entry> entries = new LinkedHashMap<>();

	private final List<ServiceStateListener> listeners = new CopyOnWriteArrayList<>();

	// The snapshots as of the last change, shared by every reader until the next one (guarded by
	// entries): health answers read them on every request and compare them with the last ones.
	private List<ServiceSnapshot> snapshots;

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
			this.snapshots = null;
		}
		this.listeners.forEach((listener) -> listener.registered(definition));
	}

	public void addListener(ServiceStateListener listener) {
		this.listeners.add(listener);
	}

	public boolean contains(String name) {
		synchronized (this.entries) {
			return this.entries.containsKey(name);
		}
	}

	public Optional<ServiceDefinition> definition(String name) {
		synchronized (this.entries) {
			Entry entry = this.entries.get(name);
			return (entry != null) ? Optional.of(entry.definition) : Optional.empty();
		}
	}

	public List<ServiceDefinition> definitions() {
		synchronized (this.entries) {
			return this.entries.values().stream().map((entry) -> entry.definition).toList();
		}
	}

	public Optional<ServiceSnapshot> find(String name) {
		synchronized (this.entries) {
			Entry entry = this.entries.get(name);
			return (entry != null) ? Optional.of(entry.snapshot()) : Optional.empty();
		}
	}

	public ServiceSnapshot get(String name) {
		return find(name).orElseThrow(() -> new IllegalArgumentException("Unknown service '" + name + "'"));
	}

	/**
	 * Every service's snapshot; the same list until a service changes.
	 * @return the snapshots, in registration order
	 */
	public List<ServiceSnapshot> snapshots() {
		synchronized (this.entries) {
			if (this.snapshots == null) {
				this.snapshots = this.entries.values().stream().map(Entry::snapshot).toList();
			}
			return this.snapshots;
		}
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
			this.snapshots = null;
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
			this.snapshots = null;
		}
		List<ServiceStateListener> toNotify = new ArrayList<>(this.listeners);
		toNotify.forEach((listener) -> listener.stateChanged(previous, current));
		return current;
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
