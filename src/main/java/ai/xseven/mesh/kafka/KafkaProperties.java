package ai.xseven.mesh.kafka;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code kafka} section. Producer and consumer tuning beyond these follows
 * Spring Boot's {@code spring.kafka.*} properties, whose bootstrap servers are these.
 */
@ConfigurationProperties("kafka")
@Validated
public class KafkaProperties {

	/**
	 * Comma-separated host:port pairs of the brokers ({@code KAFKA_BOOTSTRAP_SERVERS}).
	 */
	@NotBlank
	private String bootstrapServers = "localhost:9092";

	/**
	 * Whether the host is DOWN without Kafka.
	 */
	private boolean required;

	/**
	 * Longest wait for the broker's acknowledgement of one event before it goes to the outbox.
	 */
	@NotNull
	private Duration sendTimeout = Duration.ofSeconds(1);

	/**
	 * The outbox that keeps events while Kafka cannot take them.
	 */
	@Valid
	private final Outbox outbox = new Outbox();

	public String getBootstrapServers() {
		return this.bootstrapServers;
	}

	public void setBootstrapServers(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
	}

	public boolean isRequired() {
		return this.required;
	}

	public void setRequired(boolean required) {
		this.required = required;
	}

	public Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

	public Outbox getOutbox() {
		return this.outbox;
	}

	/**
	 * The transactional outbox in PostgreSQL.
	 */
	public static class Outbox {

		/**
		 * Time between two runs of the relay that publishes queued events.
		 */
		@NotNull
		private Duration relayInterval = Duration.ofSeconds(1);

		/**
		 * Events the relay reads at a time.
		 */
		@Min(value = 1, message = "must be between 1 and 10000")
		@Max(value = 10000, message = "must be between 1 and 10000")
		private int batchSize = 100;

		/**
		 * Largest event body accepted by {@code POST /api/events/{topic}}, in bytes.
		 */
		@Min(value = 1, message = "must be between 1 and 10485760")
		@Max(value = 10485760, message = "must be between 1 and 10485760")
		private int maxEventBytes = 1048576;

		public Duration getRelayInterval() {
			return this.relayInterval;
		}

		public void setRelayInterval(Duration relayInterval) {
			this.relayInterval = relayInterval;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public int getMaxEventBytes() {
			return this.maxEventBytes;
		}

		public void setMaxEventBytes(int maxEventBytes) {
			this.maxEventBytes = maxEventBytes;
		}

	}

}
