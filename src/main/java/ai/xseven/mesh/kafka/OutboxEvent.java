package ai.xseven.mesh.kafka;

/**
 * An event as the outbox keeps it.
 *
 * @param sequence its place in the outbox, the relay's order
 * @param eventId its id, sent in the {@code event-id} header
 * @param topic the Kafka topic
 * @param key the record key, or {@code null}
 * @param payload the JSON value, exactly as posted
 */
record OutboxEvent(long sequence, String eventId, String topic, String key, String payload) {
}
