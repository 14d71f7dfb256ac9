package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends one event straight to Kafka through the {@code kafka} breaker and waits for the broker's
 * acknowledgement, at most the send timeout (not less than the producer's delivery timeout, so
 * that when this gives up, the producer has given up too) and never past the time its answer has
 * left. A record the broker refuses for good says nothing against the broker.
 */
class DirectSend {

	private static final Log logger = LogFactory.getLog(DirectSend.class);

	private final KafkaTemplate<String, byte[]> template;

	private final Supplier<CircuitBreaker> breaker;

	private final Supplier<Duration> sendTimeout;

	DirectSend(KafkaTemplate<String, byte[]> template, Supplier<CircuitBreaker> breaker,
			Supplier<Duration> sendTimeout) {
		this.template = template;
		this.breaker = breaker;
		this.sendTimeout = sendTimeout;
	}

	/**
	 * Sends an event.
	 * @param event the event
	 * @param deadline when the send must have ended ({@link System#nanoTime()})
	 * @return {@code null} when the broker acknowledged it, else why it did not
	 */
	SendFailures.Failure send(OutboxEvent event, long deadline) {
		CircuitBreaker current = this.breaker.get();
		if (!current.tryAcquirePermission()) {
			return new SendFailures.Failure(SendFailures.Kind.TRANSIENT, "the kafka breaker is open");
		}
		long began = current.getCurrentTimestamp();
		try {
			var acknowledgement = this.template.send(event.record());
			// Measured once send returned, which may have waited for metadata.
			long leftNanos = Math.min(this.sendTimeout.get().toNanos(), deadline - System.nanoTime());
			acknowledgement.get(Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
			current.onSuccess(current.getCurrentTimestamp() - began, current.getTimestampUnit());
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			current.releasePermission();
			return new SendFailures.Failure(SendFailures.Kind.TRANSIENT, "interrupted");
		}
		catch (Exception ex) {
			SendFailures.Failure failure = SendFailures.classify(SendFailures.unwrap(ex));
			if (failure.forGood()) {
				current.onSuccess(current.getCurrentTimestamp() - began, current.getTimestampUnit());
			}
			else {
				current.onError(current.getCurrentTimestamp() - began, current.getTimestampUnit(), ex);
			}
			logger.debug("Kafka did not take event " + event.eventId() + ": " + failure.message());
			return failure;
		}
	}

}
