package ai.xseven.mesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.PackagedHost;
import ai.xseven.mesh.support.PackagedHost.Answer;
import ai.xseven.mesh.support.PackagedHost.Jdk;
import ai.xseven.mesh.support.StandaloneBackends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator reads from the packaged jar: JSON logs
 * ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}), where every line it writes from its start to the
 * end of the mesh start-up is one JSON object in Elastic's common schema and each status change
 * carries the service and its statuses as fields; and the pages the jar itself serves: the status
 * page, the OpenAPI document it ships (without springdoc, which only the build has), the Swagger
 * UI and {@code /actuator/info}.
 */
class PackagedOperatorsKitIntegrationTests {

	static final Path WORK = Path.of("target", "operators-kit");

	@Test
	void logsAreJsonAndTheJarServesItsPages() throws IOException {
		Map<String, String> environment = new LinkedHashMap<>(StandaloneBackends.environment());
		environment.put("DATABASE_NAME", EmbeddedBackends.createDatabase("json_logs"));
		environment.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
		JsonMapper json = JsonMapper.builder().build();
		try (PackagedHost host = PackagedHost.start(Jdk.configured().get(0), PackagedJarIntegrationTests.JAR,
				environment, WORK)) {
			await().atMost(Duration.ofSeconds(90)).until(() -> !host.isAlive()
					|| host.log().contains("MESH start-up finished"));
			await().atMost(Duration.ofSeconds(30)).until(() -> !host.isAlive()
					|| host.get("/health/system").body().contains("\"status\":\"UP\""));
			assertThat(host.isAlive()).as(host.log()).isTrue();
			List<String> lines = host.logLines().stream().filter((line) -> !line.isBlank()).toList();
			assertThat(lines).hasSizeGreaterThan(10);
			List<JsonNode> events = lines.stream().map((line) -> {
				assertThat(line).as("a log line").startsWith("{").endsWith("}");
				return json.readTree(line);
			}).toList();
			assertThat(events).allSatisfy((event) -> {
				assertThat(event.path("@timestamp").asString()).isNotBlank();
				assertThat(event.path("log").path("level").asString()).isNotBlank();
				assertThat(event.path("message").asString()).isNotBlank();
			});
			List<JsonNode> changes = events.stream()
				.filter((event) -> event.path("message").asString().matches("Service '.*' is (UP|DOWN|UNKNOWN) \\(was .*"))
				.toList();
			assertThat(changes).isNotEmpty().allSatisfy((change) -> {
				JsonNode mesh = change.path("mesh");
				assertThat(change.path("message").asString()).contains("'" + mesh.path("service").asString() + "'")
					.contains("is " + mesh.path("status").asString())
					.contains("(was " + mesh.path("previous_status").asString() + ")");
			});

			assertThat(host.get("/").body()).contains("<title>X-Seven Mesh</title>").contains("status.js");
			assertThat(host.get("/status.js").status()).isEqualTo(200);
			Answer document = host.get("/v3/api-docs");
			assertThat(document.status()).isEqualTo(200);
			assertThat(json.readTree(document.body()))
				.isEqualTo(json.readTree(Files.readString(Path.of("src/main/resources/openapi/api-docs.json"))));
			assertThat(host.get("/swagger-ui.html").body()).contains("swagger-ui-bundle.js");
			assertThat(host.get("/webjars/swagger-ui/swagger-ui-bundle.js").status()).isEqualTo(200);
			JsonNode info = json.readTree(host.get("/actuator/info").body());
			assertThat(info.path("build").path("artifact").asString()).isEqualTo("xseven-mesh");
			assertThat(info.path("java").path("version").asString()).isNotBlank();
		}
	}

}
