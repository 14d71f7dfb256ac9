package ai.xseven.mesh.web;

/**
 * Thrown for a request that conflicts with the state of the host or of what it depends on;
 * answered 409 with the message.
 */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
