package ai.xseven.mesh.registry;

/**
 * Turns failures into the one-line errors shown in health answers and logs.
 */
public final class Failures {

	private Failures() {
	}

	/**
	 * A one-line description of a failure: the first line of its message and, when it adds
	 * something, the message of the deepest cause that has one.
	 * @param ex the failure
	 * @return the description
	 */
	public static String describe(Throwable ex) {
		String message = firstLine(ex);
		String cause = null;
		for (Throwable current = ex.getCause(); current != null && current != current.getCause(); current = current
			.getCause()) {
			if (current.getMessage() != null) {
				cause = firstLine(current);
			}
		}
		return (cause != null && !message.contains(cause)) ? message + ": " + cause : message;
	}

	private static String firstLine(Throwable ex) {
		String message = ex.getMessage();
		if (message == null || message.isBlank()) {
			return ex.getClass().getSimpleName();
		}
		int end = message.indexOf('\n');
		return ((end >= 0) ? message.substring(0, end) : message).strip();
	}

}
