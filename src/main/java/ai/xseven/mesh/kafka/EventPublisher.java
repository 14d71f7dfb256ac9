package ai.xseven.mesh.kafka;

/**
 * Publishes events to Kafka for X-Seven code, at least once: straight to Kafka when it answers,
 * else into the transactional outbox in PostgreSQL, from which a relay publishes them in order
 * per key once Kafka is back. Each event carries its id in the {@code event-id} header so that
 * consumers can drop duplicates.
 */
public interface EventPublisher {

	/**
	 * Publishes one event.
	 * @param topic the Kafka topic (letters, digits, '.', '_', '-', at most 249)
	 * @param key the record key, or {@code null}
	 * @param json the record value, sent unchanged
	 * @return the event's id and whether it was queued
	 * @throws EventRejectedException when neither Kafka nor the outbox could take it
	 * @throws IllegalArgumentException when the topic is not a valid Kafka topic name
	 */
	PublishResult publish(String topic, String key, String json);

}
