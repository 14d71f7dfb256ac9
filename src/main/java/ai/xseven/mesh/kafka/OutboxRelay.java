package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.metrics.MeshMeters;
import ai.xseven.mesh.registry.Failures;

import org.springframework.context.SmartLifecycle;

/**
 * Publishes the outbox's events, oldest first, from one instance of the fleet at a time: the
 * holder of a lease in the database, renewed at every batch, so that a relay that stops or
 * freezes is taken over once its lease runs out. It runs on a thread of its own, batch after
 * batch while events wait, each batch bounded in events and bytes; between batches it sleeps
 * until the relay interval passes or a new event wakes it. An event is deleted only once the
 * broker acknowledged it (at least once: consumers drop duplicates by {@code event-id}); one the
 * broker refuses for good becomes a dead letter; a key whose event failed for now backs off,
 * with its later events behind it, while the other keys go on.
 */
class OutboxRelay implements SmartLifecycle {

	static final Duration LEASE = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(OutboxRelay.class);

	private final OutboxStore store;

	private final OutboxState state;

	private final RelayProducer producer;

	private final Function<String, Optional<Boolean>> refusesTopic;

	private final BooleanSupplier kafkaHealthy;

	private final BooleanSupplier databaseHealthy;

	private final Supplier<CircuitBreaker> breaker;

	private final KafkaProperties properties;

	private final String instance;

	private final Duration deliveryTimeout;

	private final Counter relayed;

	private final KeyBackOffs backOffs;

	private final Semaphore wakeUps = new Semaphore(0);

	private volatile boolean running;

	private volatile Thread thread;

	private volatile boolean leaseHeld;

	OutboxRelay(OutboxStore store, OutboxState state, RelayProducer producer,
			Function<String, Optional<Boolean>> refusesTopic, BooleanSupplier kafkaHealthy,
			BooleanSupplier databaseHealthy, Supplier<CircuitBreaker> breaker, KafkaProperties properties,
			String instance, Duration deliveryTimeout, MeterRegistry meterRegistry) {
		this.store = store;
		this.state = state;
		this.producer = producer;
		this.refusesTopic = refusesTopic;
		this.kafkaHealthy = kafkaHealthy;
		this.databaseHealthy = databaseHealthy;
		this.breaker = breaker;
		this.properties = properties;
		this.instance = instance;
		this.deliveryTimeout = deliveryTimeout;
		this.backOffs = new KeyBackOffs(() -> properties.getOutbox().getRelayInterval());
		this.relayed = Counter.builder(MeshMeters.OUTBOX_RELAYED)
			.description("Events published from the outbox after Kafka acknowledged them")
			.register(meterRegistry);
	}

	/**
	 * Lets the relay run now instead of at the end of its interval.
	 */
	void wakeUp() {
		this.wakeUps.release();
	}

	private void loop() {
		while (this.running) {
			boolean more = false;
			try {
				more = drain();
			}
			catch (RuntimeException ex) {
				logger.debug("Outbox relay run skipped: " + Failures.describe(ex));
			}
			if (!more) {
				try {
					this.wakeUps.tryAcquire(this.properties.getOutbox().getRelayInterval().toMillis(),
							TimeUnit.MILLISECONDS);
					this.wakeUps.drainPermits();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * One run: counts the outbox (every instance, for its gauges and bounds) and, on the lease
	 * holder, relays one batch.
	 * @return whether more events wait that the relay could send now
	 */
	boolean drain() {
		if (!this.databaseHealthy.getAsBoolean()) {
			return false;
		}
		this.state.counted(this.store.counts());
		if (this.state.pending() == 0 || !this.kafkaHealthy.getAsBoolean() || open(this.breaker.get())) {
			return false;
		}
		this.leaseHeld = this.store.lease(this.instance, LEASE);
		if (!this.leaseHeld) {
			return false;
		}
		KafkaProperties.Outbox outbox = this.properties.getOutbox();
		List<OutboxEvent> head = this.store.head(outbox.getBatchSize(), outbox.getBatchBytes(),
				this.backOffs.waitingKeys());
		if (head.isEmpty()) {
			return false;
		}
		RelayBatch batch = new RelayBatch(this.producer.get()).send(head);
		List<RelayBatch.Result> results = batch.await(this.deliveryTimeout.plusMillis(500));
		if (batch.aborted()) {
			this.producer.discard();
		}
		int acknowledged = complete(results);
		return acknowledged == head.size();
	}

	// Deletes what the broker acknowledged, moves what it refused for good to the dead letters,
	// backs off the keys of the rest.
	private int complete(List<RelayBatch.Result> results) {
		List<Long> acknowledged = new ArrayList<>();
		List<OutboxStore.Refusal> refused = new ArrayList<>();
		Map<String, Optional<Boolean>> refusedTopics = new HashMap<>();
		for (RelayBatch.Result result : results) {
			if (result.failure() == null) {
				acknowledged.add(result.event().sequence());
				this.backOffs.succeeded(result.event());
				continue;
			}
			SendFailures.Failure failure = SendFailures.classify(result.failure());
			boolean forGood = failure.forGood() || (failure.kind() == SendFailures.Kind.UNKNOWN_TOPIC
					&& refusedTopics.computeIfAbsent(result.event().topic(), this.refusesTopic).orElse(false));
			if (forGood) {
				String error = (failure.kind() == SendFailures.Kind.UNKNOWN_TOPIC)
						? "topic " + result.event().topic() + " does not exist and the brokers do not create topics"
						: failure.message();
				refused.add(new OutboxStore.Refusal(result.event(), error));
			}
			else {
				this.backOffs.failed(result.event());
			}
		}
		this.store.complete(acknowledged, refused);
		if (!acknowledged.isEmpty()) {
			this.relayed.increment(acknowledged.size());
		}
		refused.forEach((refusal) -> logger.warn("Event " + refusal.event().eventId() + " for topic "
				+ refusal.event().topic() + " refused for good, kept as a dead letter: " + refusal.error()));
		return acknowledged.size();
	}

	private static boolean open(CircuitBreaker breaker) {
		CircuitBreaker.State state = breaker.getState();
		return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread relay = new Thread(this::loop, "mesh-outbox-relay");
		relay.setDaemon(true);
		this.thread = relay;
		relay.start();
	}

	/**
	 * Stops after the batch in flight and gives the lease up, so that another instance takes over
	 * at once.
	 */
	@Override
	public synchronized void stop() {
		this.running = false;
		Thread relay = this.thread;
		this.thread = null;
		if (relay == null) {
			return;
		}
		relay.interrupt();
		try {
			relay.join(this.deliveryTimeout.plusSeconds(5).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.producer.discard();
		if (this.leaseHeld) {
			try {
				this.store.releaseLease(this.instance);
			}
			catch (RuntimeException ex) {
				logger.debug("Relay lease not released: " + Failures.describe(ex));
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
