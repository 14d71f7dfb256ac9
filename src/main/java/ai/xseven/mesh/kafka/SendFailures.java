package ai.xseven.mesh.kafka;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import ai.xseven.mesh.registry.Failures;

/**
 * Sorts what the producer says of an event it did not deliver: whether sending it again can ever
 * succeed.
 */
final class SendFailures {

	private SendFailures() {
	}

	/**
	 * The kind of failure.
	 */
	enum Kind {

		/** Larger than the producer or the broker accepts: refused for good. */
		TOO_LARGE,

		/** A topic the broker refuses, no authorization, an unreadable record: refused for good. */
		REFUSED,

		/** The topic is not there: refused for good only if the brokers do not create topics. */
		UNKNOWN_TOPIC,

		/** Anything else (timeouts, an unreachable broker, a leader election): worth trying again. */
		TRANSIENT

	}

	/**
	 * One failure, sorted.
	 *
	 * @param kind its kind
	 * @param message what happened, for the dead letter or the log
	 */
	record Failure(Kind kind, String message) {

		boolean forGood() {
			return this.kind == Kind.TOO_LARGE || this.kind == Kind.REFUSED;
		}

	}

	static Failure classify(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
				return new Failure(Kind.TOO_LARGE, Failures.describe(cause));
			}
			if (cause instanceof InvalidTopicException || cause instanceof AuthorizationException
					|| cause instanceof SerializationException || cause instanceof InvalidRecordException) {
				return new Failure(Kind.REFUSED, Failures.describe(cause));
			}
			if (cause instanceof UnknownTopicOrPartitionException || (cause instanceof TimeoutException
					&& cause.getMessage() != null && cause.getMessage().contains("not present in metadata"))) {
				return new Failure(Kind.UNKNOWN_TOPIC, Failures.describe(cause));
			}
		}
		return new Failure(Kind.TRANSIENT, Failures.describe(failure));
	}

	private static Throwable next(Throwable cause) {
		Throwable next = cause.getCause();
		return (next == cause) ? null : next;
	}

	/**
	 * Unwraps what a future adds around the producer's own exception.
	 * @param failure as the future reports it
	 * @return the cause
	 */
	static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
