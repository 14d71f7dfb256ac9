package ai.xseven.mesh.dspy;

import ai.xseven.mesh.web.ServiceUnavailableException;

/**
 * Thrown when the model cannot answer and no earlier answer to the input is kept.
 */
public class ModelUnavailableException extends ServiceUnavailableException {

	public ModelUnavailableException(String message, long retryAfterSeconds) {
		super(message, retryAfterSeconds);
	}

}
