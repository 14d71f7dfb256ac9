package ai.xseven.mesh.kafka;

/**
 * What became of a published event.
 *
 * @param id the event's id, also in the record header {@code event-id}
 * @param queued {@code false} when Kafka acknowledged it, {@code true} when it went to the outbox
 * and will be relayed once Kafka is back
 */
public record PublishResult(String id, boolean queued) {
}
