package ai.xseven.mesh;

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
import ai.xseven.mesh.support.PackagedHost.Jdk;
import ai.xseven.mesh.support.StandaloneBackends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JSON logs of the packaged jar ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}): every line it
 * writes from its start to the end of the mesh start-up is one JSON object in Elastic's common
 * schema, and each status change carries the service and its statuses as fields.
 */
class JsonLogsIntegrationTests {

	static final Path WORK = Path.of("target", "json-logs");

	@Test
	void everyLineIsJsonAndStatusChangesCarryTheirFields() {
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
		}
	}

}
