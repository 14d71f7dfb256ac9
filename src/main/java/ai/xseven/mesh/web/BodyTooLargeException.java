package ai.xseven.mesh.web;

/**
 * Thrown for a request body over its limit; answered 413.
 */
public class BodyTooLargeException extends RuntimeException {

	public BodyTooLargeException(long limit) {
		this("The request body is larger than " + limit + " bytes.");
	}

	/**
	 * A body over a limit that the message explains.
	 * @param message what the limit is and why
	 */
	public BodyTooLargeException(String message) {
		super(message);
	}

}
