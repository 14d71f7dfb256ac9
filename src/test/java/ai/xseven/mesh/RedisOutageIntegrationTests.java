package ai.xseven.mesh;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.cache.MeshCache;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.StartupOrchestrator;
import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.MeshTestProperties;
import ai.xseven.mesh.support.TestHttp;
import ai.xseven.mesh.support.TcpProxy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis behind a proxy that freezes it (connections accepted, nothing answered) and thaws it:
 * health keeps answering from its snapshot, the cache degrades to misses, the breaker opens, and
 * everything recovers by itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RedisOutageIntegrationTests {

	static final TcpProxy proxy = new TcpProxy("localhost", EmbeddedBackends.redisPort(), TcpProxy.Mode.PASS);

	@DynamicPropertySource
	static void backends(DynamicPropertyRegistry registry) {
		MeshTestProperties.embedded(registry);
		MeshTestProperties.redis(registry, proxy.getPort());
		registry.add("health.interval", () -> "3500ms");
		registry.add("health.timeout", () -> "3s");
		registry.add("redis.timeout", () -> "5s");
		registry.add("circuit-breakers.redis.minimum-number-of-calls", () -> "4");
		registry.add("circuit-breakers.redis.sliding-window-size", () -> "4");
		registry.add("circuit-breakers.redis.wait-duration-in-open-state", () -> "1s");
	}

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	StartupOrchestrator orchestrator;

	@Autowired
	MeshCache cache;

	@Autowired
	CircuitManager circuitManager;

	@Autowired
	MeterRegistry meterRegistry;

	@Test
	void frozenRedisDegradesWithoutBlockingAndRecoversByItself() {
		RestTestClient http = TestHttp.client(this.port);
		assertThat(this.orchestrator.awaitStartup(Duration.ofSeconds(60))).isTrue();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http.get().uri("/health/system").exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP"));

		proxy.setMode(TcpProxy.Mode.HANG);
		// Redis's command timeout (5 s) is longer than the health timeout (3 s): for a whole
		// timeout window a check hangs, and health answers still come from the snapshot at once.
		long slowest = 0;
		long windowEnd = System.nanoTime() + Duration.ofMillis(3_500).toNanos();
		while (System.nanoTime() < windowEnd) {
			long began = System.nanoTime();
			http.get().uri("/health/system").exchange().expectStatus().isOk();
			http.get().uri("/health/service/database").exchange().expectStatus().isOk();
			slowest = Math.max(slowest, (System.nanoTime() - began) / 1_000_000);
		}
		assertThat(slowest).as("slowest pair of health answers in ms").isLessThan(1_000);

		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> http.get().uri("/health/service/redis")
			.exchange()
			.expectStatus().isEqualTo(503)
			.expectBody()
			.jsonPath("$.status").isEqualTo("DOWN")
			.jsonPath("$.error").value((String error) -> assertThat(error).contains("3000 ms")));
		http.get().uri("/health/system").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("DEGRADED");
		// Actuator says the same: the optional service is a DOWN component of a DEGRADED host that
		// answers 200 and stays ready.
		http.get().uri("/actuator/health").exchange().expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("DEGRADED")
			.jsonPath("$.components.mesh.status").isEqualTo("DEGRADED")
			.jsonPath("$.components.mesh.components.redis.status").isEqualTo("DOWN")
			.jsonPath("$.components.mesh.components.database.status").isEqualTo("UP");
		http.get().uri("/actuator/health/mesh/redis").exchange().expectStatus().isEqualTo(503)
			.expectBody()
			.jsonPath("$.details.required").isEqualTo(false)
			.jsonPath("$.details.error").value((String error) -> assertThat(error).contains("3000 ms"));
		http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP");

		double missesBefore = fallbacks("cache-get-miss");
		// Four reads time out together and open the breaker; the next ones are refused at once.
		List<CompletableFuture<Optional<String>>> reads = IntStream.range(0, 4)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> this.cache.get("key-" + i)))
			.toList();
		reads.forEach((read) -> assertThat(read.join()).isEmpty());
		for (int i = 4; i < 12; i++) {
			assertThat(this.cache.get("key-" + i)).isEmpty();
			this.cache.put("key-" + i, "value", Duration.ofMinutes(1));
		}
		assertThat(fallbacks("cache-get-miss") - missesBefore).isEqualTo(12);
		assertThat(fallbacks("cache-put-skipped")).isEqualTo(8);
		assertThat(this.circuitManager.stateOf("redis")).hasValueSatisfying(
				(state) -> assertThat(state.name()).isEqualTo("OPEN"));
		http.get().uri("/health/circuit-breakers").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("DEGRADED");

		proxy.setMode(TcpProxy.Mode.PASS);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http.get().uri("/health/service/redis")
			.exchange().expectStatus().isOk());
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.cache.put("after", "thaw", Duration.ofMinutes(1));
			assertThat(this.cache.get("after")).contains("thaw");
		});
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http.get().uri("/health/system").exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP"));
	}

	private double fallbacks(String path) {
		Counter counter = this.meterRegistry.find("mesh.fallbacks").tags("service", "redis", "path", path).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
