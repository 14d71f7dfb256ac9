package ai.xseven.mesh.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * One breaker's state and the counts of its sliding window.
 *
 * @param state its state
 * @param failureRate percentage of failed calls, -1 until the minimum number of calls
 * @param slowCallRate percentage of slow calls, -1 until the minimum number of calls
 * @param bufferedCalls calls in the window
 * @param failedCalls failed calls in the window
 * @param slowCalls slow calls in the window
 * @param successfulCalls successful calls in the window
 * @param notPermittedCalls calls refused while open
 */
public record BreakerMetrics(String state, float failureRate, float slowCallRate, int bufferedCalls, int failedCalls,
		int slowCalls, int successfulCalls, long notPermittedCalls) {

	static BreakerMetrics of(CircuitBreaker breaker) {
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		return new BreakerMetrics(breaker.getState().name(), metrics.getFailureRate(), metrics.getSlowCallRate(),
				metrics.getNumberOfBufferedCalls(), metrics.getNumberOfFailedCalls(), metrics.getNumberOfSlowCalls(),
				metrics.getNumberOfSuccessfulCalls(), metrics.getNumberOfNotPermittedCalls());
	}

}
