package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.List;
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
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.schedule.BackgroundLifecycle;

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
class OutboxRelay implements BackgroundLifecycle {

	/** How often each instance counts the outbox for its gauges and bounds. */
	static final Duration COUNT_INTERVAL = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(OutboxRelay.class);

	private final OutboxStore store;

	private final OutboxState state;

	private final RelayProducer producer;

	private final Function<String, Optional<Boolean>> refusesTopic;

	private final BooleanSupplier kafkaHealthy;

	private final BooleanSupplier databaseHealthy;

	private final Supplier<CircuitBreaker> breaker;

	private final KafkaProperties properties;

	private final Duration deliveryTimeout;

	private final Counter relayed;

	private final KeyBackOffs backOffs;

	private final Semaphore wakeUps = new Semaphore(0);

	private volatile boolean running;

	private volatile Thread thread;

	private final RelayLease lease;

	private long countedAt;

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
		this.lease = new RelayLease(store, instance);
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
		try {
			relayWhileRunning();
		}
		finally {
			this.producer.discard();
			// Given up by the relay's own thread, so that no batch runs after the lease is gone.
			this.lease.release();
		}
	}

	private void relayWhileRunning() {
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
	 * One run: counts the outbox at most once every {@link #COUNT_INTERVAL} (every instance, for
	 * its gauges and bounds; this instance's own insertions count at once) and, on the lease
	 * holder, relays one batch.
	 * @return whether events left the outbox (sent or dead-lettered), so that the next batch may
	 * follow at once
	 */
	boolean drain() {
		if (!this.databaseHealthy.getAsBoolean()) {
			return false;
		}
		long now = System.nanoTime();
		if (this.countedAt == 0 || now - this.countedAt >= COUNT_INTERVAL.toNanos()) {
			this.state.counted(this.store.counts());
			this.countedAt = now;
		}
		if (this.state.pending() == 0 || !this.kafkaHealthy.getAsBoolean()
				|| CircuitManager.isOpen(this.breaker.get())) {
			return false;
		}
		if (!this.running || !this.lease.renew()) {
			return false;
		}
		KafkaProperties.Outbox outbox = this.properties.getOutbox();
		List<OutboxEvent> head = this.store.head(outbox.getBatchSize(), outbox.getBatchBytes(),
				this.backOffs.waitingKeys());
		if (head.isEmpty()) {
			return false;
		}
		// A slow read leaves less of the lease for the batch than it needs: renewed first.
		if (!this.running || !this.lease.renewIfAged()) {
			return false;
		}
		RelayBatch batch = new RelayBatch(this.producer.get()).send(head);
		List<RelayBatch.Result> results = batch.await(this.deliveryTimeout.plusMillis(500));
		if (batch.aborted()) {
			this.producer.discard();
		}
		return complete(results) > 0;
	}

	// Deletes what the broker acknowledged and moves what it refused for good to the dead letters;
	// returns how many events left the outbox.
	private int complete(List<RelayBatch.Result> results) {
		BatchOutcome outcome = BatchOutcome.of(results, this.backOffs, this.refusesTopic);
		List<OutboxStore.Refusal> refused = outcome.refused();
		this.store.complete(outcome.acknowledgedSequences(), refused);
		int acknowledged = outcome.acknowledged().size();
		this.state.removed(acknowledged + refused.size(), outcome.bytes(), refused.size());
		if (acknowledged > 0) {
			this.relayed.increment(acknowledged);
		}
		refused.forEach((refusal) -> logger.warn("Event " + refusal.event().eventId() + " for topic "
				+ refusal.event().topic() + " refused for good, kept as a dead letter: " + refusal.error()));
		return acknowledged + refused.size();
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
	 * Stops after the batch in flight (its acknowledgements awaited and recorded: stopping it
	 * midway would only send its events again) and gives the lease up, so that another instance
	 * takes over at once. A relay still not done after the batch's longest time is interrupted.
	 */
	@Override
	public synchronized void stop() {
		this.running = false;
		Thread relay = this.thread;
		this.thread = null;
		if (relay == null) {
			return;
		}
		wakeUp();
		try {
			relay.join(this.deliveryTimeout.plus(RelayBatch.STOP_TIME).plus(OutboxStore.STATEMENT_TIMEOUT.multipliedBy(2))
				.plusSeconds(1).toMillis());
			if (relay.isAlive()) {
				relay.interrupt();
				relay.join(RelayBatch.STOP_TIME.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}


	@Override
	public boolean isRunning() {
		return this.running;
	}

}
