package ai.xseven.mesh.startup;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import ai.xseven.mesh.config.RestartRequired;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code startup} section.
 */
@ConfigurationProperties("startup")
@Validated
public class StartupProperties {

	/**
	 * Whether to start the services the legacy way, one at a time ({@code USE_LEGACY_STARTUP}).
	 */
	@RestartRequired
	private boolean legacy;

	/**
	 * How long one service may take to start before it is marked FAILED.
	 */
	@NotNull
	@DurationMin(seconds = 1, message = "must be between 1s and 1h")
	@DurationMax(hours = 1, message = "must be between 1s and 1h")
	private Duration serviceTimeout = Duration.ofSeconds(30);

	/**
	 * How long one service may take to stop at shutdown or restart.
	 */
	@NotNull
	@DurationMin(seconds = 1, message = "must be between 1s and 10m")
	@DurationMax(minutes = 10, message = "must be between 1s and 10m")
	private Duration stopTimeout = Duration.ofSeconds(10);

	/**
	 * How long after SIGTERM the host may take to stop before it halts itself: below the grace
	 * period of the orchestrator (Kubernetes: 30 s), so that a stop held by a frozen dependency
	 * ends with a line saying what it waited for instead of a SIGKILL; {@code 0s} turns it off.
	 */
	@RestartRequired
	@NotNull
	@DurationMin(seconds = 0, message = "must be between 0s (off) and 1h")
	@DurationMax(hours = 1, message = "must be between 0s (off) and 1h")
	private Duration shutdownDeadline = Duration.ofSeconds(28);

	/**
	 * Background retries of services whose start failed (mesh start-up only).
	 */
	@Valid
	private final Retry retry = new Retry();

	public boolean isLegacy() {
		return this.legacy;
	}

	public void setLegacy(boolean legacy) {
		this.legacy = legacy;
	}

	public Duration getServiceTimeout() {
		return this.serviceTimeout;
	}

	public void setServiceTimeout(Duration serviceTimeout) {
		this.serviceTimeout = serviceTimeout;
	}

	public Duration getStopTimeout() {
		return this.stopTimeout;
	}

	public void setStopTimeout(Duration stopTimeout) {
		this.stopTimeout = stopTimeout;
	}

	public Duration getShutdownDeadline() {
		return this.shutdownDeadline;
	}

	public void setShutdownDeadline(Duration shutdownDeadline) {
		this.shutdownDeadline = shutdownDeadline;
	}

	public Retry getRetry() {
		return this.retry;
	}

	/**
	 * Exponential back-off between retries of a failed start.
	 */
	public static class Retry {

		/**
		 * Wait before the first retry.
		 */
		@NotNull
		@DurationMin(millis = 10, message = "must be between 10ms and 10m")
		@DurationMax(minutes = 10, message = "must be between 10ms and 10m")
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Longest wait between two retries.
		 */
		@NotNull
		@DurationMin(millis = 10, message = "must be between 10ms and 1h")
		@DurationMax(hours = 1, message = "must be between 10ms and 1h")
		private Duration maxBackoff = Duration.ofSeconds(30);

		/**
		 * Factor by which the wait grows after each failed retry.
		 */
		@DecimalMin(value = "1.0", message = "must be at least 1.0")
		private double multiplier = 2.0;

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

	}

}
