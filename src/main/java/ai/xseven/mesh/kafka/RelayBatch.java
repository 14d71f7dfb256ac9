package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;

/**
 * One batch of the relay: every event sent at once (the producer pipelines them), then the
 * acknowledgements awaited together. Order per key holds because the producer keeps a
 * partition's records in order and, at the first failure the producer itself reports, the batch
 * stops the producer at once ({@code close(0)} from its own callback): no later record of any
 * partition is written after an earlier one failed, so what reached the broker of each key is a
 * prefix of what was sent, and the rest waits in the outbox for the next batch.
 */
final class RelayBatch {

	/** How long a stopped producer gets to fail the records it still held. */
	static final Duration STOP_TIME = Duration.ofSeconds(1);

	private final Producer<String, byte[]> producer;

	private final AtomicBoolean aborted = new AtomicBoolean();

	private final Map<OutboxEvent, CompletableFuture<Void>> sent = new LinkedHashMap<>();

	// Events whose send failed only because the batch was stopped: nothing said against them.
	private final Set<OutboxEvent> stopped = ConcurrentHashMap.newKeySet();

	// The relay's thread while it is inside send(): a callback run there is a failure at once.
	private volatile Thread sending;

	RelayBatch(Producer<String, byte[]> producer) {
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
				this.producer.send(event.record(), (metadata, exception) -> {
					if (exception == null) {
						acknowledged.complete(null);
						return;
					}
					if (this.aborted.get() && closedForcefully(exception)) {
						this.stopped.add(event);
					}
					// Only the producer's own thread writes records: a failure there stops it.
					else if (Thread.currentThread() != this.sending && !SendFailures.classify(exception).forGood()) {
						abort();
					}
					acknowledged.completeExceptionally(exception);
				});
			}
			catch (RuntimeException ex) {
				// A producer may throw instead of calling back (a closed one does).
				if (this.aborted.get()) {
					this.stopped.add(event);
				}
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

	// What a producer stopped with close(0) reports of the records it still held.
	private static boolean closedForcefully(Exception exception) {
		return exception instanceof IllegalStateException || (exception instanceof KafkaException
				&& exception.getMessage() != null && exception.getMessage().contains("closed forcefully"));
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
	 * all in by then, so that none comes later, and then waits at most {@link #STOP_TIME} for the
	 * producer to fail what it still held.
	 * @param within the most time to wait for the acknowledgements
	 * @return what became of each event sent, in outbox order
	 */
	List<Result> await(Duration within) {
		CompletableFuture<Void> all = CompletableFuture.allOf(this.sent.values().toArray(CompletableFuture[]::new));
		if (!settle(all, within)) {
			abort();
			settle(all, STOP_TIME);
		}
		List<Result> results = new ArrayList<>();
		this.sent.forEach((event, future) -> {
			if (!future.isDone()) {
				results.add(new Result(event, new TimeoutException("no acknowledgement in time"), true));
				return;
			}
			Throwable failure = future.handle((ignored, ex) -> (ex != null) ? SendFailures.unwrap(ex) : null).join();
			results.add(new Result(event, failure, failure != null && this.stopped.contains(event)));
		});
		return results;
	}

	// Whether everything ended (well or not) within the time.
	private static boolean settle(CompletableFuture<Void> all, Duration within) {
		try {
			all.get(within.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException ex) {
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
	}

	/**
	 * What became of one event.
	 *
	 * @param event the event
	 * @param failure why the broker did not acknowledge it, {@code null} when it did
	 * @param stopped whether it failed only because the batch was stopped (for another event's
	 * failure, or at the end of its time): nothing is said against the event itself
	 */
	record Result(OutboxEvent event, Throwable failure, boolean stopped) {
	}

}
