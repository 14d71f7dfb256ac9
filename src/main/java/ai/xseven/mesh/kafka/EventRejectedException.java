package ai.xseven.mesh.kafka;

/**
 * Thrown when neither Kafka nor the outbox could take an event: nothing was stored.
 */
public class EventRejectedException extends RuntimeException {

	public EventRejectedException(String message) {
		super(message);
	}

}
