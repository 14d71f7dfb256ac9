package ai.xseven.mesh.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import ai.xseven.mesh.config.ConnectionTarget;
import ai.xseven.mesh.config.MeshInstance;
import ai.xseven.mesh.health.HealthChecker;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.health.ServiceStatus;
import ai.xseven.mesh.metrics.MeshMeters;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.resilience.CircuitManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final Log logger = LogFactory.getLog(KafkaConfiguration.class);

	static final String SERVICE = "kafka";

	// The outbox lives in the database service's PostgreSQL.
	static final String DATABASE = "database";

	/** Most database statements of requests that may wait at once; more are refused at once. */
	static final int DATABASE_CALLS_AT_ONCE = 32;

	@Bean
	KafkaService kafkaService(KafkaProperties properties, HealthProperties healthProperties,
			ProducerFactory<?, ?> producerFactory, ConsumerFactory<?, ?> consumerFactory,
			ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
		return new KafkaService(properties, healthProperties, producerFactory, consumerFactory,
				listeners.getIfAvailable());
	}

	@Bean
	ServiceDefinition kafkaServiceDefinition(KafkaProperties properties, KafkaService kafkaService) {
		return ServiceDefinition.builder(SERVICE)
			.serviceClass(KafkaService.class)
			.healthCheck(kafkaService)
			.required(properties.isRequired())
			.build();
	}

	@Bean
	OutboxStore outboxStore(DataSource dataSource, TransactionTemplate transactionTemplate) {
		return new OutboxStore(dataSource, transactionTemplate);
	}

	@Bean
	OutboxState outboxState(KafkaProperties properties, Clock meshClock, MeterRegistry meterRegistry) {
		OutboxState state = new OutboxState(properties, meshClock);
		Gauge.builder(MeshMeters.OUTBOX_PENDING, state, OutboxState::pending)
			.description("Events waiting in the outbox for Kafka")
			.register(meterRegistry);
		Gauge.builder(MeshMeters.OUTBOX_OLDEST, state, OutboxState::oldestSeconds)
			.description("How long the oldest event in the outbox has waited")
			.baseUnit("seconds")
			.register(meterRegistry);
		Gauge.builder(MeshMeters.OUTBOX_DEAD_LETTERS, state, OutboxState::deadLetters)
			.description("Events the broker refused for good, kept as dead letters")
			.register(meterRegistry);
		return state;
	}

	@Bean
	OutboxRelay outboxRelay(OutboxStore outboxStore, OutboxState outboxState, ProducerFactory<?, ?> producerFactory,
			KafkaService kafkaService, HealthChecker healthChecker, CircuitManager circuitManager,
			KafkaProperties properties, MeshInstance meshInstance, MeterRegistry meterRegistry) {
		RelayProducer producer = new RelayProducer(producerFactory::getConfigurationProperties,
				"xseven-mesh-relay-" + meshInstance.id());
		return new OutboxRelay(outboxStore, outboxState, producer, kafkaService::refusesTopic,
				() -> isUp(healthChecker, SERVICE), () -> isUp(healthChecker, DATABASE), circuitManager.current(SERVICE),
				properties, meshInstance.id(), deliveryTimeout(producerFactory.getConfigurationProperties()),
				meterRegistry);
	}

	/**
	 * The threads on which requests run their outbox statements, each under the time the request
	 * has left: a pool of at most {@value #DATABASE_CALLS_AT_ONCE}, kept between calls (a thread
	 * started for each statement would cost more than the statement), a call beyond them refused
	 * at once rather than queued.
	 */
	@Bean
	ThreadPoolTaskExecutor outboxDatabaseExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("outbox-db-");
		executor.setCorePoolSize(DATABASE_CALLS_AT_ONCE);
		executor.setMaxPoolSize(DATABASE_CALLS_AT_ONCE);
		executor.setQueueCapacity(0);
		executor.setAllowCoreThreadTimeOut(true);
		executor.setKeepAliveSeconds(60);
		executor.setDaemon(true);
		// Requests still drained while the host stops publish as before.
		executor.setAcceptTasksAfterContextClose(true);
		return executor;
	}

	@Bean
	BoundedCalls outboxDatabaseCalls(ThreadPoolTaskExecutor outboxDatabaseExecutor) {
		return new BoundedCalls(outboxDatabaseExecutor);
	}

	/**
	 * The types the events are, in code rather than only in {@code spring.kafka.producer.*}: a
	 * serializer of text left in an operator's settings would otherwise fail every send, and the
	 * failure would count as the broker's refusal for good.
	 */
	@Bean
	@SuppressWarnings("unchecked")
	DefaultKafkaProducerFactoryCustomizer eventSerializers() {
		return (factory) -> {
			DefaultKafkaProducerFactory<String, byte[]> events = (DefaultKafkaProducerFactory<String, byte[]>) factory;
			events.setKeySerializer(new StringSerializer());
			events.setValueSerializer(new ByteArraySerializer());
		};
	}

	@Bean
	SendTimeoutRule kafkaSendTimeoutRule(ProducerFactory<?, ?> producerFactory) {
		return new SendTimeoutRule(deliveryTimeout(producerFactory.getConfigurationProperties()));
	}

	@Bean
	KafkaEventPublisher eventPublisher(KafkaTemplate<String, byte[]> kafkaTemplate, CircuitManager circuitManager,
			OutboxStore outboxStore, OutboxState outboxState, OutboxRelay outboxRelay,
			ProducerFactory<?, ?> producerFactory, KafkaProperties properties, MeterRegistry meterRegistry,
			HealthChecker healthChecker, BoundedCalls outboxDatabaseCalls) {
		Map<String, Object> producer = producerFactory.getConfigurationProperties();
		Duration delivery = deliveryTimeout(producer);
		if (properties.getSendTimeout().compareTo(delivery) < 0) {
			throw new IllegalStateException("kafka.send-timeout (" + properties.getSendTimeout().toMillis()
					+ " ms) must be at least the producer's delivery.timeout.ms (" + delivery.toMillis() + " ms)");
		}
		Duration maxBlock = millis(producer, ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
		Duration answer = KafkaEventPublisher.LOOKUP_TIME.plus(maxBlock).plus(delivery)
			.plus(KafkaEventPublisher.INSERT_TIME);
		if (answer.compareTo(KafkaEventPublisher.ANSWER_TIME) > 0) {
			throw new IllegalStateException("The producer's max.block.ms (" + maxBlock.toMillis()
					+ " ms) and delivery.timeout.ms (" + delivery.toMillis() + " ms) leave no time in an event's answer "
					+ "of at most " + KafkaEventPublisher.ANSWER_TIME.toMillis() + " ms for the key's look-up and "
					+ "the outbox (" + KafkaEventPublisher.LOOKUP_TIME.plus(KafkaEventPublisher.INSERT_TIME).toMillis()
					+ " ms together)");
		}
		return new KafkaEventPublisher(kafkaTemplate, circuitManager.current(SERVICE), outboxStore, outboxState,
				outboxDatabaseCalls, EventSizeLimit.of(producer), properties, meterRegistry,
				() -> isUp(healthChecker, SERVICE), () -> isUp(healthChecker, DATABASE), outboxRelay::wakeUp);
	}

	/**
	 * Replaces Spring's default listener, which logs every failed send at ERROR with its payload:
	 * the publisher handles those failures (the outbox takes the event), and payloads stay out of
	 * the logs.
	 */
	@Bean
	ProducerListener<Object, Object> kafkaProducerListener() {
		return new ProducerListener<>() {

			@Override
			public void onError(ProducerRecord<Object, Object> record, RecordMetadata metadata, Exception exception) {
				logger.debug("Send to topic " + record.topic() + " failed: " + Failures.describe(exception));
			}

		};
	}

	static Duration deliveryTimeout(Map<String, Object> producer) {
		return millis(producer, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
	}

	private static Duration millis(Map<String, Object> producer, String setting, long kafkaDefault) {
		Object configured = producer.get(setting);
		return Duration.ofMillis((configured != null) ? Long.parseLong(configured.toString()) : kafkaDefault);
	}

	private static boolean isUp(HealthChecker healthChecker, String service) {
		return healthChecker.getServiceHealth(service).map((health) -> health.status() == ServiceStatus.UP).orElse(false);
	}

	@Bean
	ConnectionTarget kafkaTarget() {
		return new ConnectionTarget("kafka", Set.of("kafka.bootstrap-servers"),
				(section) -> ConnectionTarget.ofList(((KafkaProperties) section).getBootstrapServers()));
	}
}
