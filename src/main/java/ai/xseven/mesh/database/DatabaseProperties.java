package ai.xseven.mesh.database;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import ai.xseven.mesh.config.RestartRequired;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code database} section: the PostgreSQL server.
 */
@ConfigurationProperties("database")
@Validated
public class DatabaseProperties {

	/**
	 * Host name of the server ({@code DATABASE_HOST}).
	 */
	@NotBlank
	@RestartRequired
	private String host = "localhost";

	/**
	 * Port of the server ({@code DATABASE_PORT}).
	 */
	@Min(value = 1, message = "must be between 1 and 65535")
	@Max(value = 65535, message = "must be between 1 and 65535")
	@RestartRequired
	private int port = 5432;

	/**
	 * Name of the database ({@code DATABASE_NAME}).
	 */
	@NotBlank
	@RestartRequired
	private String name = "xseven";

	/**
	 * User to connect as ({@code DATABASE_USERNAME}).
	 */
	@NotBlank
	private String username = "postgres";

	/**
	 * Password of that user ({@code DATABASE_PASSWORD}); none by default.
	 */
	private String password;

	/**
	 * Whether the host is DOWN without the database.
	 */
	private boolean required = true;

	/**
	 * Longest wait for a connection, from the pool or from the server.
	 */
	@NotNull
	@DurationMin(seconds = 1, message = "must be between 1s and 5m")
	@DurationMax(minutes = 5, message = "must be between 1s and 5m")
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Longest wait for the server's answer to one statement; bounds a hung server.
	 */
	@NotNull
	@DurationMin(seconds = 1, message = "must be between 1s and 1h")
	@DurationMax(hours = 1, message = "must be between 1s and 1h")
	private Duration socketTimeout = Duration.ofSeconds(30);

	/**
	 * Most connections in the pool.
	 */
	@Min(value = 1, message = "must be between 1 and 200")
	@Max(value = 200, message = "must be between 1 and 200")
	private int poolSize = 10;

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

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
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

	public Duration getSocketTimeout() {
		return this.socketTimeout;
	}

	public void setSocketTimeout(Duration socketTimeout) {
		this.socketTimeout = socketTimeout;
	}

	public int getPoolSize() {
		return this.poolSize;
	}

	public void setPoolSize(int poolSize) {
		this.poolSize = poolSize;
	}

}
