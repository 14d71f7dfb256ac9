package ai.xseven.mesh.redis;

import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;

import ai.xseven.mesh.cache.MeshCache;
import ai.xseven.mesh.config.ConnectionTarget;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.resilience.CircuitManager;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	static final String SERVICE = "redis";

	@Bean
	RedisConnector redisConnector(RedisProperties properties) {
		return new RedisConnector(properties);
	}

	@Bean
	ServiceDefinition redisServiceDefinition(RedisProperties properties, RedisConnector redisConnector) {
		return ServiceDefinition.builder(SERVICE)
			.serviceClass(RedisConnector.class)
			.healthCheck(redisConnector)
			.required(properties.isRequired())
			.build();
	}

	@Bean
	MeshCache meshCache(RedisConnector redisConnector, CircuitManager circuitManager, MeterRegistry meterRegistry) {
		return new RedisMeshCache(redisConnector, circuitManager.current(SERVICE), meterRegistry);
	}

	@Bean
	ConnectionTarget redisTarget() {
		return new ConnectionTarget("redis", Set.of("redis.host", "redis.port"),
				(section) -> List.of(new ConnectionTarget.Address(((RedisProperties) section).getHost(),
						((RedisProperties) section).getPort())));
	}
}
