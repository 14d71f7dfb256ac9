package ai.xseven.mesh.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An event as the outbox keeps it. Its payload is the array it was given, never copied: two
 * events are equal only when they hold the same array (the relay tells its events apart by
 * identity, never by content).
 *
 * @param sequence its place in the outbox, the relay's order (0 before it is stored)
 * @param eventId its id, sent in the {@code event-id} header
 * @param topic the Kafka topic
 * @param key the record key, or {@code null}
 * @param payload the JSON value in UTF-8, exactly the bytes posted
 * @param sizeBytes the bytes of key and payload, for the outbox's byte bound
 * @param acceptedAt when it was stored, {@code null} before
 */
record OutboxEvent(long sequence, String eventId, String topic, String key, byte[] payload, int sizeBytes,
		Instant acceptedAt) {

	/**
	 * A new event, not stored yet.
	 * @param eventId its id
	 * @param topic its topic
	 * @param key its key, or {@code null}
	 * @param payload its JSON value
	 * @return the event
	 */
	static OutboxEvent of(String eventId, String topic, String key, String payload) {
		return of(eventId, topic, key, payload.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A new event, not stored yet, of the bytes posted: they are stored and sent as they are,
	 * never copied into a text and encoded again.
	 * @param eventId its id
	 * @param topic its topic
	 * @param key its key, or {@code null}
	 * @param payload its JSON value in UTF-8
	 * @return the event
	 */
	static OutboxEvent of(String eventId, String topic, String key, byte[] payload) {
		int size = payload.length + ((key != null) ? key.getBytes(StandardCharsets.UTF_8).length : 0);
		return new OutboxEvent(0, eventId, topic, key, payload, size, null);
	}

	/**
	 * The Kafka record of the event: its key, its payload as the value, and its id in the
	 * {@code event-id} header.
	 * @return the record
	 */
	ProducerRecord<String, byte[]> record() {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topic, this.key, this.payload);
		record.headers().add(KafkaEventPublisher.EVENT_ID_HEADER, this.eventId.getBytes(StandardCharsets.UTF_8));
		return record;
	}

}
