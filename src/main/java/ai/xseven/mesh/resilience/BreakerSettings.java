package ai.xseven.mesh.resilience;

import java.time.Duration;
import java.util.Objects;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * Settings of one circuit breaker, or of {@code circuit-breakers.defaults}. A value left
 * {@code null} is taken from the defaults, then from the host's built-in values.
 */
public class BreakerSettings {

	/**
	 * Failure rate, in percent, at or above which the breaker opens (1 to 100).
	 */
	@DecimalMin(value = "1", message = "must be between 1 and 100 (percent)")
	@DecimalMax(value = "100", message = "must be between 1 and 100 (percent)")
	private Float failureRateThreshold;

	/**
	 * Rate of slow calls, in percent, at or above which the breaker opens (1 to 100).
	 */
	@DecimalMin(value = "1", message = "must be between 1 and 100 (percent)")
	@DecimalMax(value = "100", message = "must be between 1 and 100 (percent)")
	private Float slowCallRateThreshold;

	/**
	 * Duration above which a call counts as slow.
	 */
	@DurationMin(millis = 1, message = "must be between 1ms and 10m")
	@DurationMax(minutes = 10, message = "must be between 1ms and 10m")
	private Duration slowCallDurationThreshold;

	/**
	 * Number of most recent calls the rates are computed over.
	 */
	@Min(value = 1, message = "must be between 1 and 1000")
	@Max(value = 1000, message = "must be between 1 and 1000")
	private Integer slidingWindowSize;

	/**
	 * Calls needed in the window before the rates are computed.
	 */
	@Min(value = 1, message = "must be between 1 and 1000")
	@Max(value = 1000, message = "must be between 1 and 1000")
	private Integer minimumNumberOfCalls;

	/**
	 * How long the breaker stays open before letting half-open probes through.
	 */
	@DurationMin(millis = 10, message = "must be between 10ms and 1h")
	@DurationMax(hours = 1, message = "must be between 10ms and 1h")
	private Duration waitDurationInOpenState;

	/**
	 * Calls let through while half open.
	 */
	@Min(value = 1, message = "must be between 1 and 100")
	@Max(value = 100, message = "must be between 1 and 100")
	private Integer permittedNumberOfCallsInHalfOpenState;

	/**
	 * A state the breaker is held in whatever its calls do, set by an operator for the whole
	 * fleet; {@code null} for none (the breaker follows its calls). A breaker's own only, never
	 * taken from the defaults.
	 */
	private Override state;

	/**
	 * When an operator last reset the breaker (back to closed, its window emptied); a new value
	 * resets it again on every instance.
	 */
	private String reset;

	/**
	 * The states an operator may hold a breaker in: Resilience4j's own.
	 */
	public enum Override {

		FORCED_OPEN, DISABLED, METRICS_ONLY

	}

	/**
	 * The built-in values, tuned for a host: a breaker opens after at most 10 failed calls in a
	 * row, stays open 15 s, then lets 3 probes through.
	 * @return the built-in settings
	 */
	static BreakerSettings builtIn() {
		BreakerSettings settings = new BreakerSettings();
		settings.failureRateThreshold = 50f;
		settings.slowCallRateThreshold = 100f;
		settings.slowCallDurationThreshold = Duration.ofSeconds(5);
		settings.slidingWindowSize = 20;
		settings.minimumNumberOfCalls = 10;
		settings.waitDurationInOpenState = Duration.ofSeconds(15);
		settings.permittedNumberOfCallsInHalfOpenState = 3;
		return settings;
	}

	/**
	 * These settings with every {@code null} taken from the given ones.
	 * @param base the settings underneath
	 * @return the merged settings
	 */
	BreakerSettings over(BreakerSettings base) {
		BreakerSettings merged = new BreakerSettings();
		merged.failureRateThreshold = pick(this.failureRateThreshold, base.failureRateThreshold);
		merged.slowCallRateThreshold = pick(this.slowCallRateThreshold, base.slowCallRateThreshold);
		merged.slowCallDurationThreshold = pick(this.slowCallDurationThreshold, base.slowCallDurationThreshold);
		merged.slidingWindowSize = pick(this.slidingWindowSize, base.slidingWindowSize);
		merged.minimumNumberOfCalls = pick(this.minimumNumberOfCalls, base.minimumNumberOfCalls);
		merged.waitDurationInOpenState = pick(this.waitDurationInOpenState, base.waitDurationInOpenState);
		merged.permittedNumberOfCallsInHalfOpenState = pick(this.permittedNumberOfCallsInHalfOpenState,
				base.permittedNumberOfCallsInHalfOpenState);
		merged.state = this.state;
		merged.reset = this.reset;
		return merged;
	}

	/**
	 * The Resilience4j configuration of fully merged settings.
	 * @return the configuration
	 */
	CircuitBreakerConfig toConfig() {
		return CircuitBreakerConfig.custom()
			.failureRateThreshold(this.failureRateThreshold)
			.slowCallRateThreshold(this.slowCallRateThreshold)
			.slowCallDurationThreshold(this.slowCallDurationThreshold)
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(this.slidingWindowSize)
			.minimumNumberOfCalls(this.minimumNumberOfCalls)
			.waitDurationInOpenState(this.waitDurationInOpenState)
			.permittedNumberOfCallsInHalfOpenState(this.permittedNumberOfCallsInHalfOpenState)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build();
	}

	/**
	 * Whether two fully merged settings give the same configuration (the operator's state and
	 * reset are transitions of a breaker, not its configuration).
	 * @param other the other settings
	 * @return whether every value is equal
	 */
	boolean sameAs(BreakerSettings other) {
		return Objects.equals(this.failureRateThreshold, other.failureRateThreshold)
				&& Objects.equals(this.slowCallRateThreshold, other.slowCallRateThreshold)
				&& Objects.equals(this.slowCallDurationThreshold, other.slowCallDurationThreshold)
				&& Objects.equals(this.slidingWindowSize, other.slidingWindowSize)
				&& Objects.equals(this.minimumNumberOfCalls, other.minimumNumberOfCalls)
				&& Objects.equals(this.waitDurationInOpenState, other.waitDurationInOpenState)
				&& Objects.equals(this.permittedNumberOfCallsInHalfOpenState,
						other.permittedNumberOfCallsInHalfOpenState);
	}

	private static <T> T pick(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	public Float getFailureRateThreshold() {
		return this.failureRateThreshold;
	}

	public void setFailureRateThreshold(Float failureRateThreshold) {
		this.failureRateThreshold = failureRateThreshold;
	}

	public Float getSlowCallRateThreshold() {
		return this.slowCallRateThreshold;
	}

	public void setSlowCallRateThreshold(Float slowCallRateThreshold) {
		this.slowCallRateThreshold = slowCallRateThreshold;
	}

	public Duration getSlowCallDurationThreshold() {
		return this.slowCallDurationThreshold;
	}

	public void setSlowCallDurationThreshold(Duration slowCallDurationThreshold) {
		this.slowCallDurationThreshold = slowCallDurationThreshold;
	}

	public Integer getSlidingWindowSize() {
		return this.slidingWindowSize;
	}

	public void setSlidingWindowSize(Integer slidingWindowSize) {
		this.slidingWindowSize = slidingWindowSize;
	}

	public Integer getMinimumNumberOfCalls() {
		return this.minimumNumberOfCalls;
	}

	public void setMinimumNumberOfCalls(Integer minimumNumberOfCalls) {
		this.minimumNumberOfCalls = minimumNumberOfCalls;
	}

	public Duration getWaitDurationInOpenState() {
		return this.waitDurationInOpenState;
	}

	public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
		this.waitDurationInOpenState = waitDurationInOpenState;
	}

	public Override getState() {
		return this.state;
	}

	public void setState(Override state) {
		this.state = state;
	}

	public String getReset() {
		return this.reset;
	}

	public void setReset(String reset) {
		this.reset = reset;
	}

	public Integer getPermittedNumberOfCallsInHalfOpenState() {
		return this.permittedNumberOfCallsInHalfOpenState;
	}

	public void setPermittedNumberOfCallsInHalfOpenState(Integer permittedNumberOfCallsInHalfOpenState) {
		this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
	}

}
