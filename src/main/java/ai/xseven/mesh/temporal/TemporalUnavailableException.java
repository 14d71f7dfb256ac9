package ai.xseven.mesh.temporal;

/**
 * Thrown when Temporal cannot take a request now: it is down, or its breaker is open.
 */
public class TemporalUnavailableException extends RuntimeException {

	private final long retryAfterSeconds;

	public TemporalUnavailableException(String message, long retryAfterSeconds) {
		super(message);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public long getRetryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
