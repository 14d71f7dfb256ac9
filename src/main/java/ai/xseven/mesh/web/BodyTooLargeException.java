package ai.xseven.mesh.web;

/**
 * Thrown for a request body over its limit; answered 413.
 */
public class BodyTooLargeException extends RuntimeException {

	public BodyTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes.");
	}

}
