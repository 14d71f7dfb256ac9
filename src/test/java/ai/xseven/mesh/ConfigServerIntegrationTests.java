package ai.xseven.mesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ai.xseven.mesh.database.DatabaseProperties;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.redis.RedisProperties;
import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.MeshHost;
import ai.xseven.mesh.support.MeshTestProperties;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.config.server.EnableConfigServer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The host reading a real Spring Cloud Config server (native profile, files in a folder):
 * values from the server show with their source, {@code /actuator/refresh} (admin only) applies
 * what the server changed through the same validation, and an invalid change is not applied.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigServerIntegrationTests {

	static Path repository;

	static ConfigurableApplicationContext server;

	static MeshHost host;

	// A second instance on the same database and config server: the fleet.
	static MeshHost other;

	@BeforeAll
	static void startServerAndHost() throws IOException {
		repository = Files.createTempDirectory("config-repository");
		Files.writeString(repository.resolve("xseven-mesh.yml"), "health:\n  timeout: 1700ms\n");
		server = new SpringApplicationBuilder(ConfigServer.class)
			.properties("spring.config.name=configserver", "server.port=0", "spring.profiles.active=native",
					"spring.cloud.config.server.native.search-locations=file:" + repository + "/",
					"spring.autoconfigure.exclude="
							+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
							+ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
							+ "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
							+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
							+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
							+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration")
			.run();
		int port = ((WebServerApplicationContext) server).getWebServer().getPort();
		Map<String, Object> settings = Map.of("database.name", EmbeddedBackends.createDatabase("xseven_config_server"),
				"spring.cloud.config.enabled", "true", "spring.cloud.config.uri", "http://localhost:" + port);
		host = MeshHost.start(settings);
		other = MeshHost.start(settings);
	}

	@AfterAll
	static void stop() throws IOException {
		other.close();
		host.close();
		server.close();
		Files.deleteIfExists(repository.resolve("xseven-mesh.yml"));
		Files.deleteIfExists(repository);
	}

	@Test
	void aRefreshThroughOneInstanceIsValidatedAndThenInForceOnEvery(CapturedOutput output) throws IOException {
		RestTestClient http = host.http();
		assertThat(healthTimeout(http)).containsEntry("value", "PT1.7S").containsEntry("source", "config-server");
		assertThat(healthTimeout(other.http())).containsEntry("value", "PT1.7S");
		http.post().uri("/actuator/refresh").exchange().expectStatus().isUnauthorized();

		Files.writeString(repository.resolve("xseven-mesh.yml"), "health:\n  timeout: 1300ms\n");
		refresh(http);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(healthTimeout(http)).containsEntry("value", "PT1.3S"));
		http.get().uri("/admin/config/history").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectBody().jsonPath("$[0].source").isEqualTo("config-server");
		// The other instance was not refreshed: it applies what the first one fetched and stored.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(healthTimeout(other.http())).containsEntry("value", "PT1.3S").containsEntry("source",
					"config-server");
			assertThat(other.bean(HealthProperties.class).getTimeout()).isEqualTo(Duration.ofMillis(1300));
		});

		Files.writeString(repository.resolve("xseven-mesh.yml"), "health:\n  timeout: 900ms\ndatabase:\n  pool-size: 0\n");
		refresh(http);
		assertThat(output.getOut()).contains("Configuration from the config server was not applied: "
				+ "[database.pool-size must be between 1 and 200]");
		assertThat(healthTimeout(http)).containsEntry("value", "PT1.3S");
		// Nothing of the refused values stays behind in the environment: the next change binds.
		http.post().uri("/admin/config").header(HttpHeaders.AUTHORIZATION, bearer())
			.contentType(MediaType.APPLICATION_JSON).body("{\"redis\": {\"timeout\": \"2500ms\"}}").exchange()
			.expectStatus().isOk();
		// The refused value is not what the environment answers either.
		assertThat(setting(http, "database", "pool-size")).doesNotContainEntry("value", "0")
			.doesNotContainEntry("source", "config-server");
		assertThat(host.bean(DatabaseProperties.class).getPoolSize()).isNotZero();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(
				() -> assertThat(other.bean(RedisProperties.class).getTimeout()).isEqualTo(Duration.ofMillis(2500)));
		assertThat(other.bean(HealthProperties.class).getTimeout()).isEqualTo(Duration.ofMillis(1300));
	}

	private static void refresh(RestTestClient http) {
		http.post().uri("/actuator/refresh").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectStatus().isOk();
	}

	private static Map<String, Object> healthTimeout(RestTestClient http) {
		return setting(http, "health", "timeout");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> setting(RestTestClient http, String section, String name) {
		Map<String, Object> answer = http.get().uri("/admin/config").header(HttpHeaders.AUTHORIZATION, bearer())
			.exchange()
			.returnResult(Map.class)
			.getResponseBody();
		Map<String, Object> config = (Map<String, Object>) answer.get("config");
		return ((Map<String, Map<String, Object>>) config.get(section)).get(name);
	}

	private static String bearer() {
		return "Bearer " + MeshTestProperties.ADMIN_TOKEN;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableConfigServer
	static class ConfigServer {

	}

}
