package ai.xseven.mesh.kafka;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

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
	 * Longest wait for the broker's acknowledgement of one event before it goes to the outbox; at
	 * least the producer's {@code delivery.timeout.ms}, so that the producer has given up too.
	 */
	@NotNull
	@DurationMin(millis = 100, message = "must be between 100ms and 1m")
	@DurationMax(minutes = 1, message = "must be between 100ms and 1m")
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
		@DurationMin(millis = 10, message = "must be between 10ms and 1m")
		@DurationMax(minutes = 1, message = "must be between 10ms and 1m")
		private Duration relayInterval = Duration.ofSeconds(1);

		/**
		 * Most events the relay sends in one batch.
		 */
		@Min(value = 1, message = "must be between 1 and 10000")
		@Max(value = 10000, message = "must be between 1 and 10000")
		private int batchSize = 500;

		/**
		 * Most bytes of keys and payloads the relay sends in one batch (at least one event).
		 */
		@Min(value = 1024, message = "must be between 1024 and 268435456")
		@Max(value = 268435456, message = "must be between 1024 and 268435456")
		private int batchBytes = 4 * 1024 * 1024;

		/**
		 * Most events the outbox holds; beyond it an event that would be queued is refused (503).
		 */
		@Min(value = 1, message = "must be between 1 and 100000000")
		@Max(value = 100000000, message = "must be between 1 and 100000000")
		private long maxPending = 1_000_000;

		/**
		 * Most bytes of keys and payloads the outbox holds; beyond it as above.
		 */
		@Min(value = 1024, message = "must be between 1024 and 1099511627776")
		@Max(value = 1099511627776L, message = "must be between 1024 and 1099511627776")
		private long maxPendingBytes = 1024L * 1024 * 1024;

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

		public int getBatchBytes() {
			return this.batchBytes;
		}

		public void setBatchBytes(int batchBytes) {
			this.batchBytes = batchBytes;
		}

		public long getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(long maxPending) {
			this.maxPending = maxPending;
		}

		public long getMaxPendingBytes() {
			return this.maxPendingBytes;
		}

		public void setMaxPendingBytes(long maxPendingBytes) {
			this.maxPendingBytes = maxPendingBytes;
		}

		public int getMaxEventBytes() {
			return this.maxEventBytes;
		}

		public void setMaxEventBytes(int maxEventBytes) {
			this.maxEventBytes = maxEventBytes;
		}

	}

}
