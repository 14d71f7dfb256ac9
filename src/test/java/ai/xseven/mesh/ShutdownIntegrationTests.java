package ai.xseven.mesh;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.MeshComponent;
import ai.xseven.mesh.startup.StartupOrchestrator;
import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.MeshTestProperties;
import ai.xseven.mesh.support.ProviderStubs;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the host: readiness goes down first, then the services stop in reverse dependency
 * order.
 */
class ShutdownIntegrationTests {

	static final List<String> events = new CopyOnWriteArrayList<>();

	@Test
	void shutdownRefusesTrafficFirstThenStopsServicesInReverseDependencyOrder() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(XSevenMeshApplication.class,
				Recorder.class)
			.properties("server.port=0", "database.port=" + EmbeddedBackends.postgresPort(),
					"database.name=" + EmbeddedBackends.DATABASE, "redis.port=" + EmbeddedBackends.redisPort(),
					"kafka.bootstrap-servers=" + EmbeddedBackends.kafkaBootstrapServers(),
					"temporal.port=" + EmbeddedBackends.temporalPort(), "dspy.base-url=" + EmbeddedBackends.providersUrl(),
					"dspy.api-key=" + ProviderStubs.API_KEY, "admin.token=" + MeshTestProperties.ADMIN_TOKEN)
			.properties(ProviderStubs.voiceProperties(EmbeddedBackends.providersUrl()))
			.run();
		assertThat(context.getBean(StartupOrchestrator.class).awaitStartup(Duration.ofSeconds(60))).isTrue();
		events.clear();
		context.close();
		assertThat(events).containsExactly("readiness REFUSING_TRAFFIC", "stop api", "stop session");
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ Session.class, Api.class })
	static class Recorder {

		@Bean
		ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readinessRecorder() {
			return (event) -> events.add("readiness " + event.getState());
		}

	}

	@MeshComponent(name = "session", dependsOn = "redis")
	static class Session implements ManagedService {

		@Override
		public void start() {
		}

		@Override
		public void stop() {
			events.add("stop session");
		}

	}

	@MeshComponent(name = "api", dependsOn = "session")
	static class Api implements ManagedService {

		@Override
		public void start() {
		}

		@Override
		public void stop() {
			events.add("stop api");
		}

	}

}
