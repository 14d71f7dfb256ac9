package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.metrics.MeshMeters;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.web.BodyTooLargeException;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.Assert;

/**
 * {@link EventPublisher} over Kafka, with the outbox in PostgreSQL beside it. The database
 * decides the order: an event of a key goes to Kafka directly only when no event of that key
 * waits in the outbox (and one waiting there is deleted only once the broker has it), else it
 * joins the queue; an event without a key has no order to keep. Every answer comes within
 * {@link #ANSWER_TIME}: each database statement gets what is left of it, the producer gives up
 * within its delivery timeout, and what health already knows to be down is not tried.
 */
class KafkaEventPublisher implements EventPublisher {

	static final String EVENT_ID_HEADER = "event-id";

	/** The most an answer takes, whatever Kafka's and PostgreSQL's state. */
	static final Duration ANSWER_TIME = Duration.ofMillis(1800);

	/** The most the look-up of a key's queued events may take, so that the send keeps its time. */
	static final Duration LOOKUP_TIME = Duration.ofMillis(300);

	/** The time a direct send leaves for the outbox to take the event when Kafka did not. */
	static final Duration INSERT_TIME = Duration.ofMillis(300);

	private static final Log logger = LogFactory.getLog(KafkaEventPublisher.class);

	private final DirectSend directSend;

	private final Supplier<CircuitBreaker> breaker;

	private final OutboxStore outbox;

	private final OutboxState state;

	private final BoundedCalls database;

	private final EventSizeLimit sizeLimit;

	private final MeterRegistry meterRegistry;

	private final BooleanSupplier kafkaUp;

	private final BooleanSupplier databaseUp;

	private final Runnable relayWakeUp;

	KafkaEventPublisher(KafkaTemplate<String, byte[]> template, Supplier<CircuitBreaker> breaker, OutboxStore outbox,
			OutboxState state, BoundedCalls database, EventSizeLimit sizeLimit, KafkaProperties properties,
			MeterRegistry meterRegistry, BooleanSupplier kafkaUp, BooleanSupplier databaseUp, Runnable relayWakeUp) {
		this.directSend = new DirectSend(template, breaker, properties::getSendTimeout);
		this.breaker = breaker;
		this.outbox = outbox;
		this.state = state;
		this.database = database;
		this.sizeLimit = sizeLimit;
		this.meterRegistry = meterRegistry;
		this.kafkaUp = kafkaUp;
		this.databaseUp = databaseUp;
		this.relayWakeUp = relayWakeUp;
	}

	@Override
	public PublishResult publish(String topic, String key, byte[] json) {
		Assert.isTrue(KafkaTopic.Validator.valid(topic), () -> "Topic '" + topic + "' is not a topic callers may use");
		Assert.notNull(json, "'json' must not be null");
		long deadline = System.nanoTime() + ANSWER_TIME.toNanos();
		OutboxEvent event = OutboxEvent.of(UUID.randomUUID().toString(), topic, key, json);
		int recordSize = this.sizeLimit.recordSize(event);
		if (recordSize > this.sizeLimit.maxRequestSize()) {
			throw tooLarge(recordSize);
		}
		boolean databaseUsable = this.databaseUp.getAsBoolean();
		if (this.kafkaUp.getAsBoolean() && !CircuitManager.isOpen(this.breaker.get())) {
			Boolean waiting = (key == null) ? Boolean.FALSE : (databaseUsable ? waiting(event, deadline) : null);
			if (waiting == null) {
				rejected("order-unknown");
				throw new EventRejectedException("The database cannot say whether an older event of key '" + key
						+ "' waits in the outbox, and sending this one now could overtake it; nothing was stored, "
						+ "send it again later.");
			}
			if (!waiting) {
				SendFailures.Failure failure = this.directSend.send(event, deadline - INSERT_TIME.toNanos());
				if (failure == null) {
					return new PublishResult(event.eventId(), false, false);
				}
				if (failure.kind() == SendFailures.Kind.TOO_LARGE) {
					throw tooLarge(recordSize);
				}
				if (failure.forGood()) {
					return deadLetter(event, failure, deadline);
				}
			}
		}
		return enqueue(event, databaseUsable, deadline);
	}

	// Whether an event of the key waits in the outbox; null when the database did not say in time.
	private Boolean waiting(OutboxEvent event, long deadline) {
		try {
			return this.database.call(() -> this.outbox.hasPending(event.topic(), event.key()),
					min(LOOKUP_TIME, remaining(deadline)));
		}
		catch (Exception ex) {
			logger.debug("Outbox look-up for event " + event.eventId() + " failed: " + Failures.describe(ex));
			return null;
		}
	}

	private PublishResult enqueue(OutboxEvent event, boolean databaseUsable, long deadline) {
		if (!databaseUsable) {
			rejected("unavailable");
			throw new EventRejectedException(
					"Neither Kafka nor the outbox could take the event; nothing was stored, send it again later.");
		}
		String overflow = this.state.wouldOverflow(event);
		if (overflow != null) {
			rejected("outbox-full");
			throw new EventRejectedException("The outbox is full (" + overflow + "); nothing was stored, send it again "
					+ "later.");
		}
		try {
			this.database.call(() -> {
				this.outbox.add(event);
				return null;
			}, remaining(deadline));
		}
		catch (TimeoutException ex) {
			rejected("unavailable");
			throw new EventRejectedException("The outbox did not confirm the event in time: it may still be stored "
					+ "and delivered later, with its id " + event.eventId() + " in the event-id header, or not at all.");
		}
		catch (Exception ex) {
			logger.warn("Outbox could not take event " + event.eventId() + ": " + Failures.describe(ex));
			rejected("unavailable");
			throw new EventRejectedException(
					"Neither Kafka nor the outbox could take the event; nothing was stored, send it again later.");
		}
		this.state.added(event);
		MeshMeters.fallback(this.meterRegistry, KafkaConfiguration.SERVICE, "outbox");
		this.relayWakeUp.run();
		return new PublishResult(event.eventId(), true, false);
	}

	private PublishResult deadLetter(OutboxEvent event, SendFailures.Failure failure, long deadline) {
		try {
			this.database.call(() -> {
				this.outbox.addDeadLetter(event, failure.message());
				return null;
			}, remaining(deadline));
		}
		catch (Exception ex) {
			rejected("unavailable");
			throw new EventRejectedException("Kafka refused the event for good (" + failure.message()
					+ ") and the dead letters did not confirm it in time; it may or may not be kept there.");
		}
		logger.warn("Event " + event.eventId() + " for topic " + event.topic() + " refused for good, kept as a dead "
				+ "letter: " + failure.message());
		return new PublishResult(event.eventId(), false, true);
	}

	private BodyTooLargeException tooLarge(int recordSize) {
		rejected("too-large");
		return new BodyTooLargeException("The event is " + recordSize + " bytes as a Kafka record, and the producer "
				+ "sends at most " + this.sizeLimit.maxRequestSize() + " (max.request.size).");
	}

	private void rejected(String reason) {
		Counter.builder(MeshMeters.EVENTS_REJECTED)
			.description("Events refused with 413 or 503, by reason")
			.tag(MeshMeters.TAG_REASON, reason)
			.register(this.meterRegistry)
			.increment();
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(deadline - System.nanoTime());
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
