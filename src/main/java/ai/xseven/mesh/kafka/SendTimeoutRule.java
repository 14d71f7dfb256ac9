package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.SectionRule;

/**
 * {@code kafka.send-timeout} is at least the producer's {@code delivery.timeout.ms}: once the host
 * stops waiting for an acknowledgement and queues the event, the producer has given up on it too,
 * so that a late acknowledgement never re-sends it.
 */
class SendTimeoutRule implements SectionRule {

	private final Duration deliveryTimeout;

	SendTimeoutRule(Duration deliveryTimeout) {
		this.deliveryTimeout = deliveryTimeout;
	}

	@Override
	public List<ConfigError> check(Map<String, Object> sections) {
		if (sections.get("kafka") instanceof KafkaProperties kafka && kafka.getSendTimeout() != null
				&& kafka.getSendTimeout().compareTo(this.deliveryTimeout) < 0) {
			return List.of(new ConfigError("kafka.send-timeout", "must be at least the producer's delivery.timeout.ms ("
					+ this.deliveryTimeout + "), and at most 1m"));
		}
		return List.of();
	}

}
