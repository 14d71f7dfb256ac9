package ai.xseven.mesh.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What this instance knows of the outbox between two counts: the relay counts it once a second,
 * and this instance's own insertions and relayed events are reckoned at once, so that the bounds
 * hold between counts too. The gauges read from here, never from the database.
 */
class OutboxState {

	private final KafkaProperties properties;

	private final Clock clock;

	private final AtomicReference<OutboxStore.Counts> counts = new AtomicReference<>(OutboxStore.Counts.NONE);

	OutboxState(KafkaProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	void counted(OutboxStore.Counts counted) {
		this.counts.set(counted);
	}

	void added(OutboxEvent event) {
		Instant now = this.clock.instant();
		this.counts.updateAndGet((current) -> new OutboxStore.Counts(current.pending() + 1,
				current.pendingBytes() + event.sizeBytes(), (current.oldest() != null) ? current.oldest() : now,
				current.deadLetters()));
	}

	/**
	 * Takes out what the relay sent or moved to the dead letters, until the next count.
	 * @param events how many events left the outbox
	 * @param bytes their sizes together
	 * @param deadLettered how many of them became dead letters
	 */
	void removed(int events, long bytes, int deadLettered) {
		this.counts.updateAndGet((current) -> {
			long pending = Math.max(0, current.pending() - events);
			return new OutboxStore.Counts(pending, Math.max(0, current.pendingBytes() - bytes),
					(pending > 0) ? current.oldest() : null, current.deadLetters() + deadLettered);
		});
	}

	/**
	 * Whether one more event would pass the outbox's bounds.
	 * @param event the event
	 * @return the bound it would pass, or {@code null} when it fits
	 */
	String wouldOverflow(OutboxEvent event) {
		OutboxStore.Counts current = this.counts.get();
		KafkaProperties.Outbox limits = this.properties.getOutbox();
		if (current.pending() + 1 > limits.getMaxPending()) {
			return "the outbox holds " + current.pending() + " events, its most (kafka.outbox.max-pending)";
		}
		if (current.pendingBytes() + event.sizeBytes() > limits.getMaxPendingBytes()) {
			return "the outbox holds " + current.pendingBytes()
					+ " bytes of events, its most (kafka.outbox.max-pending-bytes)";
		}
		return null;
	}

	long pending() {
		return this.counts.get().pending();
	}

	long deadLetters() {
		return this.counts.get().deadLetters();
	}

	/**
	 * How long the oldest queued event has waited.
	 * @return its age in seconds, 0 when none waits
	 */
	double oldestSeconds() {
		Instant oldest = this.counts.get().oldest();
		return (oldest != null) ? Math.max(0, Duration.between(oldest, this.clock.instant()).toMillis() / 1000.0) : 0;
	}

}
