package ai.xseven.mesh.resilience;

import java.time.Clock;
import java.time.Duration;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Classifies the failures of providers called with Spring's {@code RestClient} for
 * {@link ProviderCallPolicy}: 429 is a rate limit retried after its {@code Retry-After}, 5xx, 408
 * and I/O failures (timeouts included) are worth one more attempt, the rest fails.
 */
public final class HttpFailures {

	private HttpFailures() {
	}

	public static ProviderCallPolicy.Failure classify(Throwable ex) {
		for (Throwable current = ex; current != null; current = (current.getCause() != current) ? current.getCause() : null) {
			if (current instanceof RestClientResponseException response) {
				int status = response.getStatusCode().value();
				if (status == 429) {
					Duration wait = (response.getResponseHeaders() != null) ? RetryAfter.parse(
							response.getResponseHeaders().get("retry-after-ms"),
							response.getResponseHeaders().get("Retry-After"), Clock.systemUTC()) : null;
					return ProviderCallPolicy.Failure.rateLimited((wait != null) ? wait : OpenAiFailures.DEFAULT_RETRY_AFTER);
				}
				return (status >= 500 || status == 408) ? ProviderCallPolicy.Failure.retryable()
						: ProviderCallPolicy.Failure.failed();
			}
			if (current instanceof ResourceAccessException) {
				return ProviderCallPolicy.Failure.retryable();
			}
		}
		return ProviderCallPolicy.Failure.failed();
	}

}
