package ai.xseven.mesh.redis;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code redis} section.
 */
@ConfigurationProperties("redis")
@Validated
public class RedisProperties {

	/**
	 * Host name of the server ({@code REDIS_HOST}).
	 */
	@NotBlank
	private String host = "localhost";

	/**
	 * Port of the server ({@code REDIS_PORT}).
	 */
	@Min(value = 1, message = "must be between 1 and 65535")
	@Max(value = 65535, message = "must be between 1 and 65535")
	private int port = 6379;

	/**
	 * Password of the server ({@code REDIS_PASSWORD}); none by default.
	 */
	private String password;

	/**
	 * Database index.
	 */
	@Min(value = 0, message = "must be between 0 and 15")
	@Max(value = 15, message = "must be between 0 and 15")
	private int database;

	/**
	 * Whether the host is DOWN without Redis.
	 */
	private boolean required;

	/**
	 * Longest wait to open a connection.
	 */
	@NotNull
	@DurationMin(millis = 10, message = "must be between 10ms and 1m")
	@DurationMax(minutes = 1, message = "must be between 10ms and 1m")
	private Duration connectTimeout = Duration.ofSeconds(2);

	/**
	 * Longest wait for the answer to one command (Lettuce's own default is 60 s).
	 */
	@NotNull
	@DurationMin(millis = 10, message = "must be between 10ms and 1m")
	@DurationMax(minutes = 1, message = "must be between 10ms and 1m")
	private Duration timeout = Duration.ofSeconds(2);

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public int getDatabase() {
		return this.database;
	}

	public void setDatabase(int database) {
		this.database = database;
	}

	public boolean isRequired() {
		return this.required;
	}

	public void setRequired(boolean required) {
		this.required = required;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
