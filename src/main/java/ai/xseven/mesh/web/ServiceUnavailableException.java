package ai.xseven.mesh.web;

/**
 * Thrown when a dependency cannot serve a request now; answered 503 with {@code Retry-After}.
 */
public class ServiceUnavailableException extends RuntimeException {

	private final long retryAfterSeconds;

	public ServiceUnavailableException(String message, long retryAfterSeconds) {
		super(message);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	/**
	 * When the caller may try again.
	 * @return the seconds to send in {@code Retry-After}
	 */
	public long getRetryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
