package ai.xseven.mesh.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * What a breaker's state means to the host: whether it refuses calls, how open it is, and how a
 * replacement breaker takes over the state of the one it replaces.
 */
final class BreakerStates {

	private BreakerStates() {
	}

	/**
	 * Puts a new breaker in the state of the one it replaces (an OPEN breaker stays OPEN), with
	 * Resilience4j's own transitions; its sliding window starts afresh.
	 * @param current the breaker replaced
	 * @param next its replacement, still CLOSED
	 */
	static void carryOver(CircuitBreaker current, CircuitBreaker next) {
		switch (current.getState()) {
			case OPEN -> next.transitionToOpenState();
			case HALF_OPEN -> {
				next.transitionToOpenState();
				next.transitionToHalfOpenState();
			}
			case FORCED_OPEN -> next.transitionToForcedOpenState();
			case DISABLED -> next.transitionToDisabledState();
			case METRICS_ONLY -> next.transitionToMetricsOnlyState();
			default -> {
			}
		}
	}

	/**
	 * How open a state is, for telling a service's most open breaker.
	 * @param state the state
	 * @return higher for more open
	 */
	static int openness(CircuitBreaker.State state) {
		return switch (state) {
			case FORCED_OPEN -> 4;
			case OPEN -> 3;
			case HALF_OPEN -> 2;
			case CLOSED -> 1;
			default -> 0;
		};
	}

	/**
	 * Whether a state refuses calls: OPEN or FORCED_OPEN.
	 * @param state the state's name
	 * @return whether it is open
	 */
	static boolean isOpen(String state) {
		return CircuitBreaker.State.OPEN.name().equals(state) || CircuitBreaker.State.FORCED_OPEN.name().equals(state);
	}

}
