package ai.xseven.mesh;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.startup.StartupOrchestrator;
import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.MeshTestProperties;
import ai.xseven.mesh.support.TestHttp;
import ai.xseven.mesh.support.TcpProxy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The host started while PostgreSQL, a required service, is unreachable: it answers HTTP, says
 * DOWN and not ready, stays live, keeps the mesh start-up, retries in the background and comes
 * up by itself once the database is there.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DatabaseOutageIntegrationTests {

	static final TcpProxy proxy = new TcpProxy("localhost", EmbeddedBackends.postgresPort(), TcpProxy.Mode.RESET);

	@DynamicPropertySource
	static void backends(DynamicPropertyRegistry registry) {
		MeshTestProperties.embedded(registry);
		MeshTestProperties.database(registry, proxy.getPort());
		registry.add("startup.retry.initial-backoff", () -> "200ms");
		registry.add("startup.retry.max-backoff", () -> "1s");
	}

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	StartupOrchestrator orchestrator;

	@Test
	void unreachableRequiredDatabaseIsDownNotReadyButLiveThenRecovers() {
		RestTestClient http = TestHttp.client(this.port);
		assertThat(this.orchestrator.awaitStartup(Duration.ofSeconds(60))).isTrue();

		http.get().uri("/health/system").exchange()
			.expectStatus().isEqualTo(503)
			.expectBody()
			.jsonPath("$.status").isEqualTo("DOWN")
			.jsonPath("$.startupMode").isEqualTo("MESH")
			.jsonPath("$.fallbackReason").isEmpty()
			.jsonPath("$.services.database.status").isEqualTo("DOWN")
			.jsonPath("$.services.database.error").isNotEmpty()
			.jsonPath("$.services.redis.status").isEqualTo("UP");
		http.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
		http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		http.get().uri("/health/service/database").exchange().expectStatus().isEqualTo(503);
		// What needs the database answers 503 with a JSON error and when to try again; nothing changed.
		http.post().uri("/admin/config").header(HttpHeaders.AUTHORIZATION, "Bearer " + MeshTestProperties.ADMIN_TOKEN)
			.contentType(MediaType.APPLICATION_JSON).body("{\"redis\": {\"timeout\": \"2500ms\"}}").exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().exists(HttpHeaders.RETRY_AFTER)
			.expectBody().jsonPath("$.error").value((String error) -> assertThat(error).startsWith("The database"));
		for (String path : List.of("/admin/config/history", "/admin/instances")) {
			http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + MeshTestProperties.ADMIN_TOKEN).exchange()
				.expectStatus().isEqualTo(503);
		}

		proxy.setMode(TcpProxy.Mode.PASS);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.get().uri("/health/system").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.services.database.state").isEqualTo("RUNNING"));
		http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

}
