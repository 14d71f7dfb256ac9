package ai.xseven.mesh.temporal;

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
 * Settings of the {@code temporal} section.
 */
@ConfigurationProperties("temporal")
@Validated
public class TemporalProperties {

	/**
	 * Host name of the Temporal frontend ({@code TEMPORAL_HOST}).
	 */
	@NotBlank
	private String host = "localhost";

	/**
	 * gRPC port of the Temporal frontend ({@code TEMPORAL_PORT}).
	 */
	@Min(value = 1, message = "must be between 1 and 65535")
	@Max(value = 65535, message = "must be between 1 and 65535")
	private int port = 7233;

	/**
	 * Namespace the host's workflows run in.
	 */
	@NotBlank
	private String namespace = "default";

	/**
	 * Task queue the host's worker polls.
	 */
	@NotBlank
	private String taskQueue = "xseven";

	/**
	 * Whether the host is DOWN without Temporal.
	 */
	private boolean required;

	/**
	 * Longest a workflow start or query may take, retries included.
	 */
	@NotNull
	@DurationMin(millis = 100, message = "must be between 100ms and 5m")
	@DurationMax(minutes = 5, message = "must be between 100ms and 5m")
	private Duration rpcTimeout = Duration.ofSeconds(5);

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

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public String getTaskQueue() {
		return this.taskQueue;
	}

	public void setTaskQueue(String taskQueue) {
		this.taskQueue = taskQueue;
	}

	public boolean isRequired() {
		return this.required;
	}

	public void setRequired(boolean required) {
		this.required = required;
	}

	public Duration getRpcTimeout() {
		return this.rpcTimeout;
	}

	public void setRpcTimeout(Duration rpcTimeout) {
		this.rpcTimeout = rpcTimeout;
	}

}
