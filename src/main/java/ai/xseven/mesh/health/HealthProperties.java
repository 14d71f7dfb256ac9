package ai.xseven.mesh.health;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code health} section.
 */
@ConfigurationProperties("health")
@Validated
public class HealthProperties {

	/**
	 * Time between two rounds of health checks ({@code HEALTH_INTERVAL}).
	 */
	@NotNull
	@DurationMin(millis = 100, message = "must be between 100ms and 1h")
	@DurationMax(hours = 1, message = "must be between 100ms and 1h")
	private Duration interval = Duration.ofSeconds(10);

	/**
	 * Longest a single check may take before its service counts as DOWN ({@code HEALTH_TIMEOUT}).
	 */
	@NotNull
	@DurationMin(millis = 50, message = "must be between 50ms and 5m")
	@DurationMax(minutes = 5, message = "must be between 50ms and 5m")
	private Duration timeout = Duration.ofSeconds(2);

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
