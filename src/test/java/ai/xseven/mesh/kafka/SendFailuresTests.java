package ai.xseven.mesh.kafka;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaProducerException;

import static org.assertj.core.api.Assertions.assertThat;

class SendFailuresTests {

	@Test
	void failuresThatCannotSucceedLaterAreForGoodWhereverTheyAreWrapped() {
		assertThat(kind(new RecordTooLargeException("too large"))).isEqualTo(SendFailures.Kind.TOO_LARGE);
		assertThat(kind(new InvalidTopicException("bad"))).isEqualTo(SendFailures.Kind.REFUSED);
		assertThat(kind(new ExecutionException(new KafkaProducerException(null, "failed",
				new TopicAuthorizationException("no"))))).isEqualTo(SendFailures.Kind.REFUSED);
	}

	@Test
	void anUnknownTopicIsDecidedByTheBrokerAndTheRestIsTransient() {
		assertThat(kind(new UnknownTopicOrPartitionException("unknown"))).isEqualTo(SendFailures.Kind.UNKNOWN_TOPIC);
		assertThat(kind(new TimeoutException("Topic late not present in metadata after 300 ms.")))
			.isEqualTo(SendFailures.Kind.UNKNOWN_TOPIC);
		assertThat(kind(new TimeoutException("Expiring 3 record(s) for orders-0: 800 ms has passed")))
			.isEqualTo(SendFailures.Kind.TRANSIENT);
		assertThat(kind(new NotLeaderOrFollowerException("election"))).isEqualTo(SendFailures.Kind.TRANSIENT);
	}

	private static SendFailures.Kind kind(Throwable failure) {
		return SendFailures.classify(failure).kind();
	}

}
