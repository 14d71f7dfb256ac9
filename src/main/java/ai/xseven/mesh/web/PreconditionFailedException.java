package ai.xseven.mesh.web;

/**
 * A conditional request whose condition does not hold: answered 412, nothing changed.
 */
public class PreconditionFailedException extends RuntimeException {

	public PreconditionFailedException(String message) {
		super(message);
	}

}
