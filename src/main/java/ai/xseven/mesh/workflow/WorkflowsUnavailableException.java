package ai.xseven.mesh.workflow;

import ai.xseven.mesh.web.ServiceUnavailableException;

/**
 * Thrown when the workflow engine cannot take a request now: it is down, or its breaker is open.
 */
public class WorkflowsUnavailableException extends ServiceUnavailableException {

	public WorkflowsUnavailableException(String message, long retryAfterSeconds) {
		super(message, retryAfterSeconds);
	}

}
