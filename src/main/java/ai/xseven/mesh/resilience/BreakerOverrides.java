package ai.xseven.mesh.resilience;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * An operator's commands to a breaker, as its settings carry them ({@code state}, {@code reset}),
 * carried out with Resilience4j's own transitions.
 */
public final class BreakerOverrides {

	private BreakerOverrides() {
	}

	/**
	 * The value of a new reset: now, or just after the one before when this instance's clock is
	 * behind the instance that wrote it, so that it is always later.
	 * @param previous the reset before, {@code null} for none
	 * @return the new reset's value
	 */
	public static String nextReset(String previous) {
		Instant now = Instant.now();
		if (previous != null) {
			try {
				Instant before = Instant.parse(previous);
				if (!now.isAfter(before)) {
					return before.plusMillis(1).toString();
				}
			}
			catch (DateTimeParseException ex) {
				// not one of ours: now is later enough
			}
		}
		return now.toString();
	}

	// An operator's reset, then the state held, or its release: Resilience4j's own transitions.
	static void apply(CircuitBreaker breaker, BreakerSettings before, BreakerSettings after) {
		if (later(after.getReset(), before.getReset())) {
			breaker.reset();
		}
		if (after.getState() != before.getState() || (after.getState() != null && !held(breaker, after.getState()))) {
			hold(breaker, after.getState());
		}
	}

	// A reset is an operator's command at a time: only a later one resets, not a rollback to an
	// earlier one.
	static boolean later(String reset, String previous) {
		if (reset == null || reset.equals(previous)) {
			return false;
		}
		if (previous == null) {
			return true;
		}
		try {
			return Instant.parse(reset).isAfter(Instant.parse(previous));
		}
		catch (DateTimeParseException ex) {
			return true;
		}
	}

	private static boolean held(CircuitBreaker breaker, BreakerSettings.Override state) {
		return breaker.getState().name().equals(state.name());
	}

	static void hold(CircuitBreaker breaker, BreakerSettings.Override state) {
		if (state == null) {
			// Released: a breaker no longer held goes back to following its calls, from closed.
			if (Arrays.stream(BreakerSettings.Override.values()).anyMatch((held) -> held(breaker, held))) {
				breaker.transitionToClosedState();
			}
			return;
		}
		switch (state) {
			case FORCED_OPEN -> breaker.transitionToForcedOpenState();
			case DISABLED -> breaker.transitionToDisabledState();
			case METRICS_ONLY -> breaker.transitionToMetricsOnlyState();
		}
	}

}
