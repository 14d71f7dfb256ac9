package ai.xseven.mesh;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the host: readiness goes down first, then the services stop in reverse dependency
 * order.
 */
class ShutdownIntegrationTests {

	static final List<String> events = new CopyOnWriteArrayList<>();

	// Counted down once readiness refuses traffic: the slow request is still running then.
	static volatile CountDownLatch refusing = new CountDownLatch(1);

	@Test
	void shutdownRefusesTrafficFirstThenStopsServicesInReverseDependencyOrder() {
		MeshHost host = MeshHost.start(Map.of(), Recorder.class);
		assertThat(host.bean(StartupOrchestrator.class).awaitStartup(Duration.ofSeconds(60))).isTrue();
		events.clear();
		host.close();
		assertThat(events).containsExactly("readiness REFUSING_TRAFFIC", "stop api", "stop session");
	}

	@Test
	void aRequestInFlightCompletesBeforeAnyServiceStops() throws Exception {
		MeshHost host = MeshHost.start(Map.of(), Recorder.class);
		assertThat(host.bean(StartupOrchestrator.class).awaitStartup(Duration.ofSeconds(60))).isTrue();
		events.clear();
		refusing = new CountDownLatch(1);
		CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(() -> host.http().get().uri("/slow")
			.exchange().returnResult(String.class).getStatus().value());
		await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("request started"));
		host.close();
		assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo(200);
		assertThat(events).containsExactly("request started", "readiness REFUSING_TRAFFIC", "request done",
				"stop api", "stop session");
	}

	@RestController
	static class SlowController {

		@GetMapping("/slow")
		String slow() throws InterruptedException {
			events.add("request started");
			// Still running well after the host began to stop.
			refusing.await(10, TimeUnit.SECONDS);
			Thread.sleep(500);
			events.add("request done");
			return "done";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ Session.class, Api.class, SlowController.class })
	static class Recorder {

		@Bean
		ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readinessRecorder() {
			return (event) -> {
				events.add("readiness " + event.getState());
				if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
					refusing.countDown();
				}
			};
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
