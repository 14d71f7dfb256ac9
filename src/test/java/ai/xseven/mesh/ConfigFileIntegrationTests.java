package ai.xseven.mesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.MeshHost;
import ai.xseven.mesh.support.MeshTestProperties;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Edits of the configuration file while the host runs: applied at the file's precedence and
 * recorded in the history with source {@code file}; invalid or malformed readings are logged
 * with the file's path and ignored.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigFileIntegrationTests {

	@TempDir
	Path directory;

	@Test
	void editsOfTheFileAreAppliedLiveAndInvalidOnesIgnored(CapturedOutput output) throws IOException {
		// Not the default name: the host follows the file mesh.config-file names, whatever its name.
		Path file = this.directory.resolve("mesh-overrides.yml");
		Files.writeString(file, "health:\n  timeout: 2500ms\n");
		String database = EmbeddedBackends.createDatabase("xseven_config_file");
		try (MeshHost host = MeshHost.start(Map.of("database.name", database, "mesh.config-file", file.toString()))) {
			RestTestClient http = host.http();
			assertThat(setting(http, "timeout")).containsEntry("value", "PT2.5S").containsEntry("source", "file");

			Files.writeString(file, "health:\n  timeout: 1800ms\n");
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(setting(http, "timeout")).containsEntry("value", "PT1.8S"));
			http.get().uri("/admin/config/history").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
				.expectBody()
				.jsonPath("$[0].source").isEqualTo("file")
				.jsonPath("$[0].changed[0]").isEqualTo("health.timeout");

			Files.writeString(file, "health:\n  timeout: [oops\n");
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(output.getOut())
				.contains("Configuration file " + file + " was not applied").contains("is malformed"));
			// Polled on a thread of its own, never the one the health rounds run on.
			assertThat(output.getOut()).containsPattern("mesh-file-1\\] \\S*ConfigFileWatcher")
				.doesNotContainPattern("mesh-schedule-1\\] \\S*ConfigFileWatcher");
			Files.writeString(file, "health:\n  timeout: 900ms\ndatabase:\n  pool-size: 0\n");
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(output.getOut())
				.contains("Configuration file " + file + " was not applied: [database.pool-size must be between 1 and 200]"));
			assertThat(setting(http, "timeout")).containsEntry("value", "PT1.8S").containsEntry("source", "file");

			Files.delete(file);
			await().atMost(Duration.ofSeconds(15))
				.untilAsserted(() -> assertThat(setting(http, "timeout").get("source")).isNotEqualTo("file"));
			assertThat(setting(http, "timeout").get("value")).isNotEqualTo("PT1.8S");
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> setting(RestTestClient http, String name) {
		Map<String, Object> answer = http.get().uri("/admin/config").header(HttpHeaders.AUTHORIZATION, bearer())
			.exchange()
			.returnResult(Map.class)
			.getResponseBody();
		Map<String, Object> config = (Map<String, Object>) answer.get("config");
		return ((Map<String, Map<String, Object>>) config.get("health")).get(name);
	}

	private static String bearer() {
		return "Bearer " + MeshTestProperties.ADMIN_TOKEN;
	}

}
