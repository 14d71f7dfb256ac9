package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelayBatchTests {

	@Test
	void everyEventIsSentAtOnceAndAcknowledgedTogether() {
		MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
				new ByteArraySerializer());
		List<RelayBatch.Result> results = new RelayBatch(producer).send(events("a", "b", "a")).await(Duration.ofSeconds(1));
		assertThat(results).extracting(RelayBatch.Result::failure).containsOnlyNulls();
		assertThat(producer.history()).extracting((record) -> record.key()).containsExactly("a", "b", "a");
	}

	@Test
	void failureOnTheProducersThreadStopsTheProducerSoThatNothingLaterIsWritten() throws InterruptedException {
		MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(),
				new ByteArraySerializer());
		RelayBatch batch = new RelayBatch(producer).send(events("a", "b", "a"));
		Thread io = new Thread(() -> producer.errorNext(new NetworkException("connection lost")));
		io.start();
		io.join();
		List<RelayBatch.Result> results = batch.await(Duration.ofMillis(300));
		assertThat(batch.aborted()).isTrue();
		assertThat(producer.closed()).isTrue();
		assertThat(results).extracting(RelayBatch.Result::failure).doesNotContainNull();
		assertThat(results.get(0).failure()).isInstanceOf(NetworkException.class);
		assertThat(results).extracting(RelayBatch.Result::stopped)
			.as("only the first failed for itself; the others were stopped with the batch")
			.containsExactly(false, true, true);
	}

	@Test
	void failureAtOnceLeavesTheRestOfItsTopicForTheNextBatchAndGoesOnWithOthers() {
		MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
				new ByteArraySerializer()) {

			@Override
			public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
					org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record,
					org.apache.kafka.clients.producer.Callback callback) {
				if (record.topic().equals("late")) {
					callback.onCompletion(null, new TimeoutException("Topic late not present in metadata after 300 ms."));
					return java.util.concurrent.CompletableFuture.failedFuture(new TimeoutException("no metadata"));
				}
				return super.send(record, callback);
			}

		};
		List<OutboxEvent> events = List.of(event(1, "late", "a"), event(2, "late", "b"), event(3, "orders", "a"));
		RelayBatch batch = new RelayBatch(producer).send(events);
		List<RelayBatch.Result> results = batch.await(Duration.ofSeconds(1));
		assertThat(batch.aborted()).as("a failure at once does not stop the producer").isFalse();
		assertThat(results).extracting((result) -> result.event().sequence()).containsExactly(1L, 3L);
		assertThat(results.get(0).failure()).isInstanceOf(TimeoutException.class);
		assertThat(results.get(1).failure()).isNull();
	}

	private static List<OutboxEvent> events(String... keys) {
		List<OutboxEvent> events = new java.util.ArrayList<>();
		for (int i = 0; i < keys.length; i++) {
			events.add(event(i + 1, "orders", keys[i]));
		}
		return events;
	}

	private static OutboxEvent event(long sequence, String topic, String key) {
		OutboxEvent event = OutboxEvent.of("id-" + sequence, topic, key, "{\"seq\": " + sequence + "}");
		return new OutboxEvent(sequence, event.eventId(), topic, key, event.payload(), event.sizeBytes(), null);
	}

}
