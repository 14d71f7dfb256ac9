package ai.xseven.mesh.resilience;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.util.Assert;

/**
 * How the host calls a remote provider (a language model, a speech service): every attempt
 * through the provider's breaker, at most two attempts on a server error or a timeout, a rate
 * limit retried after the provider's {@code Retry-After} only while the deadline allows, and the
 * whole call, retries included, cut off at the deadline. Built on Resilience4j's breaker, retry
 * and time limiter; the breaker of such a provider should ignore rate limits
 * ({@link #ignoresRateLimits(Function)}), so that they do not open it on their own.
 */
public final class ProviderCallPolicy {

	/**
	 * What kind of failure an exception is.
	 */
	public enum Kind {

		/** The provider refused for now (HTTP 429 or a quota): not the provider's failure. */
		RATE_LIMITED,

		/** A server error or a timeout: worth one more attempt. */
		RETRYABLE,

		/** Anything else, including an open breaker: not retried. */
		FAILED

	}

	/**
	 * A classified failure.
	 *
	 * @param kind its kind
	 * @param retryAfter when a rate limit may be retried, or {@code null} when it may not
	 */
	public record Failure(Kind kind, Duration retryAfter) {

		public static Failure rateLimited(Duration retryAfter) {
			return new Failure(Kind.RATE_LIMITED, retryAfter);
		}

		public static Failure retryable() {
			return new Failure(Kind.RETRYABLE, null);
		}

		public static Failure failed() {
			return new Failure(Kind.FAILED, null);
		}

	}

	private static final int MAX_ATTEMPTS_ON_SERVER_ERRORS = 2;

	// A bound on 429 retries besides the deadline, so that a zero Retry-After cannot spin.
	private static final int MAX_ATTEMPTS = 10;

	private final Supplier<CircuitBreaker> breaker;

	private final Supplier<Duration> timeout;

	private final Supplier<Duration> retryBackoff;

	private final Function<Throwable, Failure> classifier;

	private final AsyncTaskExecutor executor;

	/**
	 * @param breaker the breaker as it is at each call
	 * @param timeout each call's deadline, read at each call (a runtime change is in force at once)
	 * @param retryBackoff the wait before another attempt, read at each call
	 * @param classifier what a failure is
	 * @param executor where attempts run
	 */
	public ProviderCallPolicy(Supplier<CircuitBreaker> breaker, Supplier<Duration> timeout,
			Supplier<Duration> retryBackoff, Function<Throwable, Failure> classifier, AsyncTaskExecutor executor) {
		Assert.notNull(breaker, "'breaker' must not be null");
		Assert.notNull(timeout, "'timeout' must not be null");
		this.breaker = breaker;
		this.timeout = timeout;
		this.retryBackoff = retryBackoff;
		this.classifier = classifier;
		this.executor = executor;
	}

	/**
	 * A breaker customization that leaves rate limits out of the failure rate.
	 * @param classifier the provider's classifier
	 * @return the customization for {@link CircuitManager#breaker(String, Consumer)}
	 */
	public static Consumer<CircuitBreakerConfig.Builder> ignoresRateLimits(Function<Throwable, Failure> classifier) {
		return (builder) -> builder.ignoreException((ex) -> classifier.apply(ex).kind() == Kind.RATE_LIMITED);
	}

	/**
	 * Calls the provider under this policy.
	 * @param call one attempt
	 * @param <T> its result
	 * @return the result of the first successful attempt
	 * @throws TimeoutException when the deadline passed
	 * @throws Exception the last attempt's failure, or the breaker's refusal
	 */
	public <T> T call(Callable<T> call) throws Exception {
		return call(call, this.timeout.get());
	}

	/**
	 * Calls the provider under this policy with a deadline of its own, for a caller that shares
	 * its budget between providers.
	 * @param call one attempt
	 * @param timeout the deadline, retries included
	 * @param <T> its result
	 * @return the result of the first successful attempt
	 * @throws TimeoutException when the deadline passed
	 * @throws Exception the last attempt's failure, or the breaker's refusal
	 */
	public <T> T call(Callable<T> call, Duration timeout) throws Exception {
		Budget budget = new Budget(System.nanoTime() + timeout.toNanos(), this.retryBackoff.get());
		CircuitBreaker current = this.breaker.get();
		Retry retry = Retry.of(current.getName(), RetryConfig.<T>custom()
			.maxAttempts(MAX_ATTEMPTS)
			.retryOnException(budget::allows)
			.intervalBiFunction((attempt, outcome) -> budget.waitMillis(outcome))
			.build());
		Callable<T> attempts = Retry.decorateCallable(retry, CircuitBreaker.decorateCallable(current, call));
		TimeLimiter deadline = TimeLimiter.of(TimeLimiterConfig.custom().timeoutDuration(timeout).build());
		Supplier<Future<T>> running = () -> this.executor.submit(attempts);
		return deadline.executeFutureSupplier(running);
	}

	/**
	 * What one call may still spend: its deadline and its attempts on server errors.
	 */
	private final class Budget {

		private final long deadlineNanos;

		private final Duration retryBackoff;

		private int serverErrorAttempts;

		private Budget(long deadlineNanos, Duration retryBackoff) {
			this.deadlineNanos = deadlineNanos;
			this.retryBackoff = retryBackoff;
		}

		boolean allows(Throwable ex) {
			Failure failure = ProviderCallPolicy.this.classifier.apply(ex);
			return switch (failure.kind()) {
				case RATE_LIMITED -> failure.retryAfter() != null && fits(failure.retryAfter());
				case RETRYABLE -> ++this.serverErrorAttempts < MAX_ATTEMPTS_ON_SERVER_ERRORS
						&& fits(this.retryBackoff);
				case FAILED -> false;
			};
		}

		long waitMillis(Either<Throwable, ?> outcome) {
			if (outcome.isLeft()) {
				Failure failure = ProviderCallPolicy.this.classifier.apply(outcome.getLeft());
				if (failure.kind() == Kind.RATE_LIMITED && failure.retryAfter() != null) {
					return failure.retryAfter().toMillis();
				}
			}
			return this.retryBackoff.toMillis();
		}

		private boolean fits(Duration wait) {
			return System.nanoTime() + wait.toNanos() < this.deadlineNanos;
		}

	}

}
