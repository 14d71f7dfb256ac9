package ai.xseven.mesh.kafka;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;

import ai.xseven.mesh.metrics.MeshMeters;
import ai.xseven.mesh.registry.Failures;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.Assert;

/**
 * {@link EventPublisher} over Kafka, with the outbox as its fallback. While events wait in the
 * outbox, or while health says Kafka is down, new events go to the outbox first, so that an
 * event never overtakes an older one of its key and no request waits for a dead broker. The
 * outbox is not tried while health says the database is down, so that no request waits for it
 * either.
 */
class KafkaEventPublisher implements EventPublisher {

	static final String EVENT_ID_HEADER = "event-id";

	private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

	private static final Log logger = LogFactory.getLog(KafkaEventPublisher.class);

	private final KafkaTemplate<String, String> template;

	private final Supplier<CircuitBreaker> breaker;

	private final OutboxStore outbox;

	private final KafkaProperties properties;

	private final MeterRegistry meterRegistry;

	private final BooleanSupplier kafkaUp;

	private final BooleanSupplier databaseUp;

	KafkaEventPublisher(KafkaTemplate<String, String> template, Supplier<CircuitBreaker> breaker, OutboxStore outbox,
			KafkaProperties properties, MeterRegistry meterRegistry, BooleanSupplier kafkaUp,
			BooleanSupplier databaseUp) {
		this.template = template;
		this.breaker = breaker;
		this.outbox = outbox;
		this.properties = properties;
		this.meterRegistry = meterRegistry;
		this.kafkaUp = kafkaUp;
		this.databaseUp = databaseUp;
	}

	/**
	 * Checks a topic name against Kafka's rules.
	 * @param topic the name
	 * @return the problem, or {@code null} when it is valid
	 */
	static String topicProblem(String topic) {
		if (topic == null || !TOPIC.matcher(topic).matches()) {
			return "must be 1 to 249 letters, digits, '.', '_' or '-'";
		}
		if (topic.equals(".") || topic.equals("..")) {
			return "must not be '.' or '..'";
		}
		return null;
	}

	@Override
	public PublishResult publish(String topic, String key, String json) {
		String problem = topicProblem(topic);
		Assert.isTrue(problem == null, () -> "Topic '" + topic + "' " + problem);
		Assert.notNull(json, "'json' must not be null");
		String id = UUID.randomUUID().toString();
		OutboxEvent event = new OutboxEvent(0, id, topic, key, json);
		boolean directFirst = this.outbox.pending() == 0 && this.kafkaUp.getAsBoolean();
		if (directFirst && send(event)) {
			return new PublishResult(id, false);
		}
		if (this.databaseUp.getAsBoolean() && enqueue(event)) {
			MeshMeters.fallback(this.meterRegistry, KafkaConfiguration.SERVICE, "outbox");
			return new PublishResult(id, true);
		}
		// The outbox cannot take it: order behind queued events cannot be kept, delivery can.
		if (!directFirst && send(event)) {
			return new PublishResult(id, false);
		}
		throw new EventRejectedException("Neither Kafka nor the outbox could take the event; nothing was stored, send it again later.");
	}

	/**
	 * Sends one event through the breaker and waits for the broker's acknowledgement.
	 * @param event the event
	 * @return whether the broker acknowledged it in time
	 */
	boolean send(OutboxEvent event) {
		ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
		record.headers().add(EVENT_ID_HEADER, event.eventId().getBytes(StandardCharsets.UTF_8));
		try {
			this.breaker.get().executeCallable(() -> this.template.send(record)
				.get(this.properties.getSendTimeout().toMillis(), TimeUnit.MILLISECONDS));
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			logger.debug("Kafka did not take event " + event.eventId() + ": " + Failures.describe(ex));
			return false;
		}
	}

	private boolean enqueue(OutboxEvent event) {
		try {
			this.outbox.add(event.eventId(), event.topic(), event.key(), event.payload());
			return true;
		}
		catch (RuntimeException ex) {
			logger.warn("Outbox could not take event " + event.eventId() + ": " + Failures.describe(ex));
			return false;
		}
	}

}
