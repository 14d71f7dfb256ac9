package ai.xseven.mesh.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import ai.xseven.mesh.health.HealthChecker;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.health.ServiceStatus;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.resilience.CircuitManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	private static final Log logger = LogFactory.getLog(KafkaConfiguration.class);

	static final String SERVICE = "kafka";

	// The outbox lives in the database service's PostgreSQL.
	static final String DATABASE = "database";

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
	OutboxStore outboxStore(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate) {
		return new OutboxStore(jdbcTemplate, transactionTemplate);
	}

	@Bean
	KafkaEventPublisher eventPublisher(KafkaTemplate<String, String> kafkaTemplate, CircuitManager circuitManager,
			OutboxStore outboxStore, KafkaProperties properties, MeterRegistry meterRegistry,
			HealthChecker healthChecker) {
		return new KafkaEventPublisher(kafkaTemplate, circuitManager.current(SERVICE), outboxStore, properties,
				meterRegistry, () -> isUp(healthChecker, SERVICE), () -> isUp(healthChecker, DATABASE));
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

	@Bean
	OutboxRelay outboxRelay(OutboxStore outboxStore, KafkaEventPublisher eventPublisher, HealthChecker healthChecker,
			KafkaProperties properties, SimpleAsyncTaskScheduler meshTaskScheduler, MeterRegistry meterRegistry) {
		return new OutboxRelay(outboxStore, eventPublisher, () -> isUp(healthChecker, SERVICE),
				() -> isUp(healthChecker, DATABASE), properties, meshTaskScheduler, meterRegistry);
	}

	private static boolean isUp(HealthChecker healthChecker, String service) {
		return healthChecker.getServiceHealth(service).map((health) -> health.status() == ServiceStatus.UP).orElse(false);
	}

}
