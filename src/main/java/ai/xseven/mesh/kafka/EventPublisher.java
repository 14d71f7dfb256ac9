package ai.xseven.mesh.kafka;

import java.nio.charset.StandardCharsets;

/**
 * Publishes events to Kafka for X-Seven code, at least once and never ahead of an older event of
 * the same key: straight to Kafka when it answers and no event of the key waits in the outbox,
 * else into the outbox in PostgreSQL, from which a relay publishes them once Kafka takes them.
 * Each event carries its id in the {@code event-id} header so that consumers can drop duplicates.
 * An event the broker refuses for good (a topic it refuses, no authorization) is kept as a dead
 * letter instead of holding up the others.
 */
public interface EventPublisher {

	/**
	 * Publishes one event.
	 * @param topic the Kafka topic (letters, digits, '.', '_', '-', at most 249)
	 * @param key the record key, or {@code null}
	 * @param json the record value, sent unchanged
	 * @return the event's id, and whether it was queued or kept as a dead letter
	 * @throws EventRejectedException when neither Kafka nor the outbox could take it, the outbox is
	 * full, or the database cannot say whether an older event of the key waits
	 * @throws ai.xseven.mesh.web.BodyTooLargeException when its record is larger than the producer
	 * sends
	 * @throws IllegalArgumentException when the topic is not one callers may use
	 */
	default PublishResult publish(String topic, String key, String json) {
		return publish(topic, key, json.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Publishes one event given as the bytes of its value in UTF-8 (as posted to
	 * {@code /api/events}): they are stored and sent as they are, not copied into a text, so the
	 * caller must not change the array afterwards. They are not checked here: bytes that are not
	 * UTF-8 would reach Kafka when sent straight away and be refused by the outbox otherwise
	 * ({@code JsonDocuments.require} checks a body first).
	 * @param topic the Kafka topic
	 * @param key the record key, or {@code null}
	 * @param json the record value in UTF-8, sent unchanged
	 * @return as {@link #publish(String, String, String)}
	 * @see #publish(String, String, String)
	 */
	PublishResult publish(String topic, String key, byte[] json);

}
