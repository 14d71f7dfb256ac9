package ai.xseven.mesh.resilience;

import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;

/**
 * Classifies the failures of OpenAI-compatible APIs for {@link ProviderCallPolicy}: 429 is a rate
 * limit (retried after its {@code Retry-After}, unless it says the quota is spent), 5xx, 408 and
 * I/O timeouts are worth one more attempt, the rest fails.
 */
public final class OpenAiFailures {

	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

	private OpenAiFailures() {
	}

	public static ProviderCallPolicy.Failure classify(Throwable ex) {
		Throwable cause = unwrap(ex);
		if (cause instanceof OpenAIServiceException service) {
			int status = service.statusCode();
			if (status == 429) {
				if (service.code().filter("insufficient_quota"::equals).isPresent()) {
					return ProviderCallPolicy.Failure.rateLimited(null);
				}
				Duration wait = RetryAfter.parse(service.headers().values("retry-after-ms"),
						service.headers().values("retry-after"), Clock.systemUTC());
				return ProviderCallPolicy.Failure.rateLimited((wait != null) ? wait : DEFAULT_RETRY_AFTER);
			}
			return (status >= 500 || status == 408) ? ProviderCallPolicy.Failure.retryable()
					: ProviderCallPolicy.Failure.failed();
		}
		if (cause instanceof OpenAIIoException || cause instanceof InterruptedIOException
				|| cause instanceof TimeoutException) {
			return ProviderCallPolicy.Failure.retryable();
		}
		return ProviderCallPolicy.Failure.failed();
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable current = ex;
		while (current.getCause() != null && current.getCause() != current
				&& !(current instanceof OpenAIServiceException)) {
			current = current.getCause();
		}
		return (current instanceof OpenAIServiceException) ? current : firstOf(ex);
	}

	private static Throwable firstOf(Throwable ex) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof OpenAIIoException || current instanceof InterruptedIOException
					|| current instanceof TimeoutException) {
				return current;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return ex;
	}

}
