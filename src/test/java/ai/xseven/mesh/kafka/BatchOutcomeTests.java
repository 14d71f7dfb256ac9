package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchOutcomeTests {

	private final KeyBackOffs backOffs = new KeyBackOffs(() -> Duration.ofSeconds(1));

	private static final Function<String, Optional<Boolean>> NOT_ASKED = (topic) -> {
		throw new AssertionError("the brokers were asked about " + topic);
	};

	@Test
	void acknowledgedEventsAreDeletedAndRecordsRefusedForGoodBecomeDeadLetters() {
		OutboxEvent sent = event(1, "orders", "a");
		OutboxEvent tooLarge = event(2, "orders", "b");
		BatchOutcome outcome = BatchOutcome.of(List.of(ok(sent), failed(tooLarge, new RecordTooLargeException("big"))),
				this.backOffs, NOT_ASKED);
		assertThat(outcome.acknowledgedSequences()).containsExactly(1L);
		assertThat(outcome.refused()).extracting(OutboxStore.Refusal::event).containsExactly(tooLarge);
		assertThat(outcome.bytes()).isEqualTo(sent.sizeBytes() + tooLarge.sizeBytes());
		assertThat(this.backOffs.waitingKeys()).isEmpty();
	}

	@Test
	void aKeyWithManyFailedEventsBacksOffOnceAndEventsOnlyStoppedWithTheBatchNotAtAll() {
		List<RelayBatch.Result> results = List.of(failed(event(1, "orders", "a"), new NetworkException("lost")),
				failed(event(2, "orders", "a"), new NetworkException("lost")),
				stopped(event(3, "orders", "b")), stopped(event(4, "orders", "c")));
		BatchOutcome outcome = BatchOutcome.of(results, this.backOffs, NOT_ASKED);
		assertThat(outcome.acknowledged()).isEmpty();
		assertThat(outcome.refused()).isEmpty();
		assertThat(this.backOffs.waitingKeys()).containsExactly("orders/a");
		// Backed off once for the batch: the first interval, not the second.
		assertThat(this.backOffs.remaining("orders/a")).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void anUnknownTopicIsADeadLetterOnlyWhenTheBrokersSayTheyDoNotCreateTopics() {
		OutboxEvent missing = event(1, "missing", "a");
		OutboxEvent alsoMissing = event(2, "missing", "b");
		OutboxEvent pending = event(3, "pending", "a");
		BatchOutcome outcome = BatchOutcome.of(
				List.of(failed(missing, new UnknownTopicOrPartitionException("no such topic")),
						failed(alsoMissing, new TimeoutException("Topic missing not present in metadata after 300 ms.")),
						failed(pending, new UnknownTopicOrPartitionException("no such topic"))),
				this.backOffs, (topic) -> topic.equals("missing") ? Optional.of(true) : Optional.empty());
		assertThat(outcome.refused()).extracting(OutboxStore.Refusal::event).containsExactly(missing, alsoMissing);
		assertThat(outcome.refused().get(0).error()).contains("does not exist");
		assertThat(this.backOffs.waitingKeys()).containsExactly("pending/a");
	}

	private static RelayBatch.Result ok(OutboxEvent event) {
		return new RelayBatch.Result(event, null, false);
	}

	private static RelayBatch.Result failed(OutboxEvent event, Throwable failure) {
		return new RelayBatch.Result(event, failure, false);
	}

	private static RelayBatch.Result stopped(OutboxEvent event) {
		return new RelayBatch.Result(event, new org.apache.kafka.common.KafkaException("producer closed"), true);
	}

	private static OutboxEvent event(long sequence, String topic, String key) {
		OutboxEvent event = OutboxEvent.of("id-" + sequence, topic, key, "{\"seq\": " + sequence + "}");
		return new OutboxEvent(sequence, event.eventId(), topic, key, event.payload(), event.sizeBytes(), null);
	}

}
