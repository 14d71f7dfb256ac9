package ai.xseven.mesh.startup;

/**
 * Thrown when a restart is asked for while another one runs or while the service is starting.
 */
public class RestartInProgressException extends RuntimeException {

	public RestartInProgressException(String message) {
		super(message);
	}

}
