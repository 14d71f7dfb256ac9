package ai.xseven.mesh.kafka;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KafkaEventPublisherTests {

	// Kafka's own in-memory producer; nothing listens on port 1, so the outbox really fails.
	private final MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
			new StringSerializer());

	private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("kafka");

	private final AtomicInteger connectionAttempts = new AtomicInteger();

	private final DataSource unreachableDatabase = new DelegatingDataSource(
			new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/xseven?connectTimeout=1")) {

		@Override
		public Connection getConnection() throws SQLException {
			KafkaEventPublisherTests.this.connectionAttempts.incrementAndGet();
			return super.getConnection();
		}

	};

	private final KafkaEventPublisher publisher = publisher(this.producer, true);

	@Test
	void publishSendsThePayloadUnchangedWithTheEventIdHeader() {
		PublishResult result = this.publisher.publish("orders.v1", "customer-7", "{\"a\":  1}");
		assertThat(result.queued()).isFalse();
		ProducerRecord<String, String> sent = this.producer.history().get(0);
		assertThat(sent.topic()).isEqualTo("orders.v1");
		assertThat(sent.key()).isEqualTo("customer-7");
		assertThat(sent.value()).isEqualTo("{\"a\":  1}");
		assertThat(new String(sent.headers().lastHeader("event-id").value(), StandardCharsets.UTF_8))
			.isEqualTo(result.id());
	}

	@Test
	void publishWhenKafkaAndTheOutboxFailIsRejectedAndStoresNothing() {
		MockProducer<String, String> failing = new MockProducer<>(false, null, new StringSerializer(),
				new StringSerializer());
		KafkaEventPublisher rejecting = publisher(failing, true);
		assertThatExceptionOfType(EventRejectedException.class)
			.isThrownBy(() -> rejecting.publish("orders", null, "{}"))
			.withMessage("Neither Kafka nor the outbox could take the event; nothing was stored, send it again later.");
		assertThat(failing.history()).hasSize(1);
		assertThat(this.connectionAttempts).hasValue(1);
	}

	@Test
	void publishWhileHealthSaysTheDatabaseIsDownDoesNotTryTheOutbox() {
		MockProducer<String, String> failing = new MockProducer<>(false, null, new StringSerializer(),
				new StringSerializer());
		KafkaEventPublisher rejecting = publisher(failing, false);
		assertThatExceptionOfType(EventRejectedException.class).isThrownBy(() -> rejecting.publish("orders", null, "{}"));
		assertThat(this.connectionAttempts).hasValue(0);
	}

	@Test
	void topicNamesFollowKafkasRules() {
		assertThat(KafkaEventPublisher.topicProblem("a.b_c-9")).isNull();
		assertThat(KafkaEventPublisher.topicProblem("x".repeat(249))).isNull();
		assertThat(KafkaEventPublisher.topicProblem("x".repeat(250))).isNotNull();
		assertThat(KafkaEventPublisher.topicProblem("with space")).isNotNull();
		assertThat(KafkaEventPublisher.topicProblem("..")).isEqualTo("must not be '.' or '..'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.publisher.publish("bad/topic", null, "{}"));
	}

	private KafkaEventPublisher publisher(MockProducer<String, String> producer, boolean databaseUp) {
		KafkaProperties properties = new KafkaProperties();
		properties.setSendTimeout(Duration.ofMillis(200));
		JdbcTemplate jdbcTemplate = new JdbcTemplate(this.unreachableDatabase);
		OutboxStore outbox = new OutboxStore(jdbcTemplate,
				new TransactionTemplate(new DataSourceTransactionManager(this.unreachableDatabase)));
		return new KafkaEventPublisher(new KafkaTemplate<>(() -> producer), () -> this.breaker, outbox,
				properties, new SimpleMeterRegistry(), () -> true, () -> databaseUp);
	}

}
