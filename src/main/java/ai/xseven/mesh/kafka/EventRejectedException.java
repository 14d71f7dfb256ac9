package ai.xseven.mesh.kafka;

import ai.xseven.mesh.web.ServiceUnavailableException;

/**
 * Thrown when neither Kafka nor the outbox could take an event: nothing was stored.
 */
public class EventRejectedException extends ServiceUnavailableException {

	static final long RETRY_AFTER_SECONDS = 5;

	public EventRejectedException(String message) {
		super(message, RETRY_AFTER_SECONDS);
	}

}
