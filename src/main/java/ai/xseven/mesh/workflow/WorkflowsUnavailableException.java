package ai.xseven.mesh.workflow;

/**
 * Thrown when the workflow engine cannot take a request now: it is down, or its breaker is open.
 */
public class WorkflowsUnavailableException extends RuntimeException {

	private final long retryAfterSeconds;

	public WorkflowsUnavailableException(String message, long retryAfterSeconds) {
		super(message);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public long getRetryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
