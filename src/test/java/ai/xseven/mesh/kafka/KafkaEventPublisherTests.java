package ai.xseven.mesh.kafka;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.web.BodyTooLargeException;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KafkaEventPublisherTests {

	// Kafka's own in-memory producer; nothing listens on port 1, so the database really fails.
	private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
			new ByteArraySerializer());

	private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("kafka");

	private final AtomicInteger connectionAttempts = new AtomicInteger();

	private final AtomicInteger wakeUps = new AtomicInteger();

	private final DataSource unreachableDatabase = new DelegatingDataSource(
			new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/xseven?connectTimeout=1")) {

		@Override
		public Connection getConnection() throws SQLException {
			KafkaEventPublisherTests.this.connectionAttempts.incrementAndGet();
			return super.getConnection();
		}

	};

	@Test
	void eventWithoutAKeyGoesStraightToKafkaUnchangedWithItsIdAndNoDatabase() {
		PublishResult result = publisher(true).publish("orders.v1", null, "{\"a\":  1}");
		assertThat(result.queued()).isFalse();
		assertThat(result.deadLettered()).isFalse();
		ProducerRecord<String, byte[]> sent = this.producer.history().get(0);
		assertThat(sent.topic()).isEqualTo("orders.v1");
		assertThat(new String(sent.value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":  1}");
		assertThat(new String(sent.headers().lastHeader("event-id").value(), StandardCharsets.UTF_8))
			.isEqualTo(result.id());
		assertThat(this.connectionAttempts).hasValue(0);
	}

	@Test
	void keyedEventIsRefusedWhenTheDatabaseCannotSayWhetherAnOlderOneWaits() {
		assertThatExceptionOfType(EventRejectedException.class)
			.isThrownBy(() -> publisher(true).publish("orders", "customer-7", "{}"))
			.withMessageContaining("could overtake it; nothing was stored");
		assertThat(this.producer.history()).isEmpty();
		assertThat(this.connectionAttempts).hasValue(1);
	}

	@Test
	void keyedEventWhileHealthSaysTheDatabaseIsDownTriesNeitherTheDatabaseNorKafka() {
		assertThatExceptionOfType(EventRejectedException.class)
			.isThrownBy(() -> publisher(false).publish("orders", "customer-7", "{}"));
		assertThat(this.producer.history()).isEmpty();
		assertThat(this.connectionAttempts).hasValue(0);
	}

	@Test
	void eventLargerThanTheProducerSendsIsRefusedBeforeAnythingIsTried() {
		KafkaEventPublisher publisher = publisher(true, new EventSizeLimit(1000, CompressionType.NONE));
		assertThatExceptionOfType(BodyTooLargeException.class)
			.isThrownBy(() -> publisher.publish("orders", null, "\"" + "x".repeat(900) + "\""))
			.withMessageContaining("sends at most 1000 (max.request.size)");
		assertThat(this.producer.history()).isEmpty();
		assertThat(this.connectionAttempts).hasValue(0);
	}

	@Test
	void eventKafkaCannotTakeNowGoesToTheOutboxAndIsRejectedOnlyWhenThatFailsToo() {
		this.producer.sendException = new NetworkException("broker gone");
		assertThatExceptionOfType(EventRejectedException.class)
			.isThrownBy(() -> publisher(true).publish("orders", null, "{}"))
			.withMessage("Neither Kafka nor the outbox could take the event; nothing was stored, send it again later.");
		assertThat(this.connectionAttempts).hasValue(1);
		assertThat(this.wakeUps).hasValue(0);
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isOne();
	}

	@Test
	void eventTheBrokerRefusesForGoodIsADeadLetterNotAFailureOfTheBroker() {
		this.producer.sendException = new TopicAuthorizationException("not authorized to write to orders");
		assertThatExceptionOfType(EventRejectedException.class)
			.isThrownBy(() -> publisher(true).publish("orders", null, "{}"))
			.withMessageContaining("refused the event for good (not authorized to write to orders)");
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isOne();
	}

	@Test
	void internalAndInvalidTopicsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> publisher(true).publish("__consumer_offsets", null, "{}"));
		assertThatIllegalArgumentException().isThrownBy(() -> publisher(true).publish("bad/topic", null, "{}"));
	}

	private KafkaEventPublisher publisher(boolean databaseUp) {
		return publisher(databaseUp, new EventSizeLimit(1024 * 1024, CompressionType.NONE));
	}

	private KafkaEventPublisher publisher(boolean databaseUp, EventSizeLimit limit) {
		KafkaProperties properties = new KafkaProperties();
		OutboxStore outbox = new OutboxStore(this.unreachableDatabase,
				new TransactionTemplate(new DataSourceTransactionManager(this.unreachableDatabase)));
		return new KafkaEventPublisher(new KafkaTemplate<>(() -> this.producer), () -> this.breaker, outbox,
				new OutboxState(properties, Clock.systemUTC()), new BoundedCalls(new SimpleAsyncTaskExecutor("db-")),
				limit, properties, new SimpleMeterRegistry(), () -> true, () -> databaseUp,
				this.wakeUps::incrementAndGet);
	}

}
