package ai.xseven.mesh.kafka;

import java.time.Instant;

/**
 * An event the broker refused for good, as {@code GET /admin/events/dead-letters} shows it (the
 * payload stays in the database).
 *
 * @param id its number, for retrying or deleting it
 * @param eventId the event's id
 * @param topic its topic
 * @param key its record key, or {@code null}
 * @param sizeBytes the bytes of key and payload
 * @param error why it was refused
 * @param acceptedAt when the host accepted it
 * @param failedAt when the broker refused it
 */
public record DeadLetter(long id, String eventId, String topic, String key, int sizeBytes, String error,
		Instant acceptedAt, Instant failedAt) {
}
