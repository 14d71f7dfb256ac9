package ai.xseven.mesh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.ConfigManager;
import ai.xseven.mesh.health.HealthChecker;
import ai.xseven.mesh.health.MeshStatus;
import ai.xseven.mesh.health.ServiceMesh;
import ai.xseven.mesh.health.ServiceStatus;
import ai.xseven.mesh.health.SystemHealth;
import ai.xseven.mesh.health.SystemStatus;
import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceLifecycle;
import ai.xseven.mesh.resilience.BreakersHealth;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.StartupOrchestrator;
import ai.xseven.mesh.startup.StartupStatus;
import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.MeshHost;
import ai.xseven.mesh.support.MeshTestProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keeps MIGRATION.md honest: every Java snippet in it stands in this file, compiled with the
 * test suite and run below against a running host, and every {@code curl} in it is run against a
 * running host and must be answered 200.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class MigrationGuideIntegrationTests {

	static final Path GUIDE = Path.of("MIGRATION.md");

	static final Path THIS_FILE = Path.of("src/test/java/ai/xseven/mesh/MigrationGuideIntegrationTests.java");

	static MeshHost host;

	static HealthChecker healthChecker;

	static CircuitManager circuitManager;

	static StartupOrchestrator orchestrator;

	static ServiceMesh serviceMesh;

	static ConfigManager configManager;

	static JsonMapper jsonMapper = JsonMapper.builder().build();

	@BeforeAll
	static void startHost() {
		host = MeshHost.start(Map.of("database.name", EmbeddedBackends.createDatabase("xseven_migration")));
		healthChecker = host.bean(HealthChecker.class);
		circuitManager = host.bean(CircuitManager.class);
		orchestrator = host.bean(StartupOrchestrator.class);
		serviceMesh = host.bean(ServiceMesh.class);
		configManager = host.bean(ConfigManager.class);
		await().until(() -> healthChecker.getSystemHealth().status() == SystemStatus.UP);
	}

	@AfterAll
	static void stopHost() {
		host.close();
	}

	@Test
	void everyJavaSnippetOfTheGuideIsInThisFile() throws IOException {
		String source = normalized(Files.readString(THIS_FILE));
		List<String> snippets = blocks("java");
		assertThat(snippets).hasSizeGreaterThanOrEqualTo(8);
		assertThat(snippets).allSatisfy((snippet) -> assertThat(source).contains(normalized(snippet)));
	}

	@Test
	void monitoringSnippetsAnswer() {
		SystemHealth health = healthChecker.getSystemHealth();
		SystemStatus overall = health.status();
		assertThat(overall).isEqualTo(SystemStatus.UP);

		BreakersHealth breakers = circuitManager.getSystemHealth();
		assertThat(breakers.breakers()).containsKeys("redis", "kafka", "temporal", "dspy");

		MeshStatus status = serviceMesh.getStatus();
		String dashboard = jsonMapper.writerWithDefaultPrettyPrinter().writeValueAsString(status);
		assertThat(dashboard).contains("\"startupMode\" : \"MESH\"");

		circuitManager.getAllBreakers().forEach((name, breaker) ->
			System.out.println(name + ": " + circuitManager.getMetrics(name)));
	}

	@Test
	void registrationSnippetsRegisterRunningServices() {
		orchestrator.registerService(ServiceDefinition.builder("my_service")
			.serviceClass(MyService.class)
			.dependencies("database", "redis")
			.healthCheck(HealthCheck.ofBoolean(() -> true))
			.lifecycle(ServiceLifecycle.SINGLETON)
			.required(true)
			.build());
		await().until(() -> healthChecker.getServiceHealth("my_service").orElseThrow().status() == ServiceStatus.UP);

		healthChecker.registerCheck("my_service", HealthCheck.ofBoolean(() -> {
			// your health check logic here
			return true;
		}));
		assertThat(healthChecker.refresh("my_service").orElseThrow().status()).isEqualTo(ServiceStatus.UP);
	}

	@Test
	void troubleshootingSnippetsAnswer() {
		List<ConfigError> errors = configManager.validateConfig();
		assertThat(errors).isEmpty();

		StartupStatus startup = orchestrator.getSystemStatus();
		assertThat(startup.completed()).isTrue();
	}

	// Last by name among those that change the host: the guide's configuration update moves Redis.
	@Test
	void zzEveryCurlOfTheGuideIsAnswered() throws Exception {
		int port = host.port();
		List<String> curls = new ArrayList<>();
		for (String block : blocks("bash")) {
			for (String line : block.replace("\\\n", " ").split("\n")) {
				if (line.strip().startsWith("curl ")) {
					curls.add(line.strip());
				}
			}
		}
		assertThat(curls).hasSizeGreaterThanOrEqualTo(10);
		for (String curl : curls) {
			String command = curl.replace("localhost:8000", "localhost:" + port)
					+ " -s -o /dev/null -w '%{http_code}'";
			ProcessBuilder process = new ProcessBuilder("bash", "-c", command);
			process.environment().put("ADMIN_TOKEN", MeshTestProperties.ADMIN_TOKEN);
			Process running = process.start();
			String status = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			running.waitFor();
			assertThat(status).as(curl).isEqualTo("200");
		}
	}

	private static List<String> blocks(String language) throws IOException {
		Matcher matcher = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
			.matcher(Files.readString(GUIDE));
		List<String> blocks = new ArrayList<>();
		while (matcher.find()) {
			blocks.add(matcher.group(1));
		}
		return blocks;
	}

	private static String normalized(String code) {
		return code.replaceAll("\\s+", " ").strip();
	}

	static class MyService {

	}

}
