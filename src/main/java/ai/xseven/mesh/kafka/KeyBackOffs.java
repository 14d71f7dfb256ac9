package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The keys whose last event failed for now, each waiting out an exponential back-off before the
 * relay tries it again; the events of other keys are not held up by them. Events without a key
 * back off by topic. Used by the relay's thread only.
 */
final class KeyBackOffs {

	static final Duration MAX_BACK_OFF = Duration.ofSeconds(30);

	private final Supplier<Duration> initial;

	private final Map<String, Waiting> waiting = new HashMap<>();

	KeyBackOffs(Supplier<Duration> initial) {
		this.initial = initial;
	}

	/**
	 * The name the outbox's look-up uses for an event's key: the topic alone for an event
	 * without a key, else topic, '/' and key (a topic name has no '/').
	 * @param event the event
	 * @return its key's name
	 */
	static String keyOf(OutboxEvent event) {
		return (event.key() == null) ? event.topic() : event.topic() + "/" + event.key();
	}

	/**
	 * The keys to leave out of the next batch.
	 * @return their names
	 */
	Set<String> waitingKeys() {
		long now = System.nanoTime();
		// A key not tried again long after its wait ended is gone from the outbox (a dead letter).
		this.waiting.values().removeIf((entry) -> now - entry.dueNanos > 2 * MAX_BACK_OFF.toNanos());
		return this.waiting.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().dueNanos > now)
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
	}

	/**
	 * How long a key still waits.
	 * @param key the key as {@link #keyOf} names it
	 * @return its wait, zero when it does not wait
	 */
	Duration remaining(String key) {
		Waiting entry = this.waiting.get(key);
		long left = (entry != null) ? entry.dueNanos - System.nanoTime() : 0;
		return Duration.ofNanos(Math.max(0, left));
	}

	void failed(OutboxEvent event) {
		Waiting entry = this.waiting.computeIfAbsent(keyOf(event), (key) -> new Waiting(newBackOff().start()));
		entry.dueNanos = System.nanoTime() + Duration.ofMillis(entry.backOff.nextBackOff()).toNanos();
	}

	void succeeded(OutboxEvent event) {
		this.waiting.remove(keyOf(event));
	}

	int size() {
		return this.waiting.size();
	}

	private ExponentialBackOff newBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(this.initial.get().toMillis(), 2.0);
		backOff.setMaxInterval(MAX_BACK_OFF.toMillis());
		return backOff;
	}

	private static final class Waiting {

		private final BackOffExecution backOff;

		private long dueNanos;

		private Waiting(BackOffExecution backOff) {
			this.backOff = backOff;
		}

	}

}
