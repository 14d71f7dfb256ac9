package ai.xseven.mesh.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer that reads every record of some topics from the start, straight from the broker, as
 * X-Seven's consumers would: for checking what reached Kafka, in which order per key, and how
 * often.
 */
public final class RecordCollector implements AutoCloseable {

	private static final Pattern SEQUENCE = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)");

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Thread thread;

	private volatile boolean running = true;

	private RecordCollector(String bootstrapServers, Pattern topics) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "collector-" + System.nanoTime());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		this.thread = new Thread(() -> {
			try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
				consumer.subscribe(topics);
				while (this.running) {
					for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
						Header id = record.headers().lastHeader("event-id");
						this.received.add(new Received(record.topic(), record.key(), record.value(),
								(id != null) ? new String(id.value(), StandardCharsets.UTF_8) : null));
					}
				}
			}
		}, "record-collector");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Starts reading.
	 * @param bootstrapServers the broker, reached directly
	 * @param topics the topics, as a pattern
	 * @return the running collector
	 */
	public static RecordCollector start(String bootstrapServers, Pattern topics) {
		return new RecordCollector(bootstrapServers, topics);
	}

	public List<Received> received(String topic) {
		return this.received.stream().filter((record) -> record.topic().equals(topic)).toList();
	}

	/**
	 * The distinct events of a topic, by event id.
	 * @param topic the topic
	 * @return their ids
	 */
	public Set<String> distinctIds(String topic) {
		Set<String> ids = new LinkedHashSet<>();
		received(topic).forEach((record) -> ids.add(record.eventId()));
		return ids;
	}

	/**
	 * What a consumer that drops duplicates by {@code event-id} sees: for each key, the
	 * {@code "seq"} of the payloads in the order they first arrived.
	 * @param topic the topic
	 * @return the sequence numbers by key
	 */
	public Map<String, List<Long>> firstArrivalsByKey(String topic) {
		Set<String> seen = new LinkedHashSet<>();
		Map<String, List<Long>> byKey = new LinkedHashMap<>();
		for (Received record : received(topic)) {
			if (seen.add(record.eventId())) {
				Matcher matcher = SEQUENCE.matcher(record.value());
				long sequence = matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
				byKey.computeIfAbsent(String.valueOf(record.key()), (key) -> new ArrayList<>()).add(sequence);
			}
		}
		return byKey;
	}

	@Override
	public void close() {
		this.running = false;
		try {
			this.thread.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One record as it arrived.
	 *
	 * @param topic its topic
	 * @param key its key
	 * @param value its value
	 * @param eventId its {@code event-id} header
	 */
	public record Received(String topic, String key, String value, String eventId) {
	}

}
