package ai.xseven.mesh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.MeshComponent;
import ai.xseven.mesh.startup.StartupOrchestrator;
import ai.xseven.mesh.support.MeshHost;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
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
		MeshHost host = MeshHost.start(Map.of(), Recorder.class);
		assertThat(host.bean(StartupOrchestrator.class).awaitStartup(Duration.ofSeconds(60))).isTrue();
		events.clear();
		host.close();
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
