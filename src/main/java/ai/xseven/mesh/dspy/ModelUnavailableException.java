package ai.xseven.mesh.dspy;

/**
 * Thrown when the model cannot answer and no earlier answer to the input is kept.
 */
public class ModelUnavailableException extends RuntimeException {

	private final long retryAfterSeconds;

	public ModelUnavailableException(String message, long retryAfterSeconds) {
		super(message);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public long getRetryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
