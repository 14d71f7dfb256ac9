package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.Producer;

/**
 * One batch of the relay: every event sent at once (the producer pipelines them), then the
 * acknowledgements awaited together. Order per key holds because the producer keeps a
 * partition's records in order and, at the first failure the producer itself reports, the batch
 * stops the producer at once ({@code close(0)} from its own callback): no later record of any
 * partition is written after an earlier one failed, so what reached the broker of each key is a
 * prefix of what was sent, and the rest waits in the outbox for the next batch.
 */
final class RelayBatch {

	private final Producer<String, String> producer;

	private final AtomicBoolean aborted = new AtomicBoolean();

	private final Map<OutboxEvent, CompletableFuture<Void>> sent = new LinkedHashMap<>();

	// The relay's thread while it is inside send(): a callback run there is a failure at once.
	private volatile Thread sending;

	RelayBatch(Producer<String, String> producer) {
		this.producer = producer;
	}

	/**
	 * Sends the events in order. After an event that failed at once (no metadata for its topic,
	 * a full buffer), the later events of its topic are not sent in this batch.
	 * @param events the events, in outbox order
	 * @return this batch
	 */
	RelayBatch send(List<OutboxEvent> events) {
		Set<String> stoppedTopics = new HashSet<>();
		for (OutboxEvent event : events) {
			if (this.aborted.get() || stoppedTopics.contains(event.topic())) {
				continue;
			}
			CompletableFuture<Void> acknowledged = new CompletableFuture<>();
			this.sent.put(event, acknowledged);
			this.sending = Thread.currentThread();
			try {
				this.producer.send(KafkaEventPublisher.record(event), (metadata, exception) -> {
					if (exception == null) {
						acknowledged.complete(null);
						return;
					}
					acknowledged.completeExceptionally(exception);
					// Only the producer's own thread writes records: a failure there stops it.
					if (Thread.currentThread() != this.sending && !SendFailures.classify(exception).forGood()) {
						abort();
					}
				});
			}
			catch (RuntimeException ex) {
				// A producer may throw instead of calling back (a closed one does).
				acknowledged.completeExceptionally(ex);
			}
			finally {
				this.sending = null;
			}
			if (acknowledged.isCompletedExceptionally()) {
				// Refused before it was queued: the later events of its topic would wait the same way.
				stoppedTopics.add(event.topic());
			}
		}
		return this;
	}

	/**
	 * Stops the producer where it is: nothing not yet written will be. Called from the producer's
	 * callback, {@code close} does not wait for the producer's own thread, which is the caller.
	 */
	void abort() {
		if (this.aborted.compareAndSet(false, true)) {
			this.producer.close(Duration.ZERO);
		}
	}

	boolean aborted() {
		return this.aborted.get();
	}

	/**
	 * Waits for every acknowledgement, at most the given time; stops the producer if they are not
	 * all in by then, so that none comes later.
	 * @param within the most time to wait
	 * @return what became of each event sent, in outbox order
	 */
	List<Result> await(Duration within) {
		CompletableFuture<Void> all = CompletableFuture.allOf(this.sent.values().toArray(CompletableFuture[]::new));
		try {
			all.get(within.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			abort();
		}
		catch (Exception ex) {
			if (!all.isDone()) {
				abort();
			}
		}
		List<Result> results = new ArrayList<>();
		this.sent.forEach((event, future) -> {
			Throwable failure = null;
			try {
				future.get(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				failure = ex;
			}
			catch (Exception ex) {
				failure = SendFailures.unwrap(ex);
			}
			results.add(new Result(event, failure));
		});
		return results;
	}

	/**
	 * What became of one event.
	 *
	 * @param event the event
	 * @param failure why the broker did not acknowledge it, {@code null} when it did
	 */
	record Result(OutboxEvent event, Throwable failure) {
	}

}
