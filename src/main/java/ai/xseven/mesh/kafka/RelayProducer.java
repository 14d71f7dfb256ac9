package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The relay's own producer, apart from the one that sends events directly, since the relay stops
 * its producer at the first failure of a batch. It has the settings of the host's producer as
 * they are now (a new one after they change, as after a change of the bootstrap servers) and is
 * made again after it was stopped. Used by the relay's thread only.
 */
class RelayProducer {

	private final Supplier<Map<String, Object>> settings;

	private final String clientId;

	private Map<String, Object> current;

	private Producer<String, byte[]> producer;

	RelayProducer(Supplier<Map<String, Object>> settings, String clientId) {
		this.settings = settings;
		this.clientId = clientId;
	}

	Producer<String, byte[]> get() {
		Map<String, Object> wanted = new HashMap<>(this.settings.get());
		wanted.put(ProducerConfig.CLIENT_ID_CONFIG, this.clientId);
		// The types the events are: whatever the settings say, as for the host's template.
		wanted.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		wanted.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		if (this.producer != null && !wanted.equals(this.current)) {
			discard();
		}
		if (this.producer == null) {
			this.producer = new KafkaProducer<>(wanted);
			this.current = wanted;
		}
		return this.producer;
	}

	/**
	 * Closes the producer (at once: a stopped batch's producer is closed already); the next
	 * {@link #get()} makes another.
	 */
	void discard() {
		Producer<String, byte[]> discarded = this.producer;
		this.producer = null;
		if (discarded != null) {
			discarded.close(Duration.ZERO);
		}
	}

}
