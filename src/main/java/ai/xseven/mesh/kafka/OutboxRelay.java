package ai.xseven.mesh.kafka;

import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.metrics.MeshMeters;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.schedule.PeriodicTask;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Publishes the outbox's events once Kafka is healthy, oldest first, and removes each only after
 * the broker acknowledged it. It runs at a fixed delay and drains the outbox batch after batch.
 */
class OutboxRelay implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OutboxRelay.class);

	private final OutboxStore outbox;

	private final KafkaEventPublisher publisher;

	private final BooleanSupplier kafkaHealthy;

	private final BooleanSupplier databaseHealthy;

	private final KafkaProperties properties;

	private final Counter relayed;

	private final PeriodicTask runs;

	OutboxRelay(OutboxStore outbox, KafkaEventPublisher publisher, BooleanSupplier kafkaHealthy,
			BooleanSupplier databaseHealthy, KafkaProperties properties, TaskScheduler scheduler,
			MeterRegistry meterRegistry) {
		this.outbox = outbox;
		this.publisher = publisher;
		this.kafkaHealthy = kafkaHealthy;
		this.databaseHealthy = databaseHealthy;
		this.properties = properties;
		this.runs = new PeriodicTask(scheduler, this::relay, () -> properties.getOutbox().getRelayInterval());
		Gauge.builder(MeshMeters.OUTBOX_PENDING, outbox, OutboxStore::pending)
			.description("Events waiting in the outbox for Kafka")
			.register(meterRegistry);
		this.relayed = Counter.builder(MeshMeters.OUTBOX_RELAYED)
			.description("Events published from the outbox after Kafka acknowledged them")
			.register(meterRegistry);
	}

	/**
	 * One run: relays batches until the outbox is empty or Kafka stops taking events.
	 */
	void relay() {
		if (!this.databaseHealthy.getAsBoolean()) {
			return;
		}
		try {
			long pending = this.outbox.countPending();
			if (pending == 0 || !this.kafkaHealthy.getAsBoolean()) {
				return;
			}
			int batchSize = this.properties.getOutbox().getBatchSize();
			int sent;
			do {
				sent = this.outbox.relay(batchSize, this.publisher::send);
				if (sent > 0) {
					this.relayed.increment(sent);
					logger.info("Relayed " + sent + " queued events to Kafka");
				}
			}
			while (sent == batchSize && this.kafkaHealthy.getAsBoolean());
			this.outbox.countPending();
		}
		catch (RuntimeException ex) {
			logger.debug("Outbox relay skipped: " + Failures.describe(ex));
		}
	}

	@Override
	public void start() {
		this.runs.start();
	}

	@Override
	public void stop() {
		this.runs.stop();
	}

	@Override
	public boolean isRunning() {
		return this.runs.isRunning();
	}

}
