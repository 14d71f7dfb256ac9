package ai.xseven.mesh.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.support.MonitoringFiles;
import ai.xseven.mesh.support.PrometheusScrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The Grafana dashboard and the alert rules are well formed, every alert has a unit test, and
 * Prometheus' own tool accepts the rules and passes their tests. That every metric they read
 * exists is checked against a live scrape ({@code MeshHostIntegrationTests}).
 */
class MonitoringFilesTests {

	@Test
	void metricNamesAreTheIdentifiersThatAreNeitherFunctionsNorLabels() {
		assertThat(MonitoringFiles.metricNames(
				"sum by (uri, status) (rate(http_server_requests_seconds_count{instance=~\"$instance\",uri!=\"a b\"}"
						+ "[$__rate_interval])) / on (uri) group_left max(up) or vector(0)"))
			.containsExactly("http_server_requests_seconds_count", "up");
		assertThat(MonitoringFiles.metricNames("mesh_outbox_pending > 0 and delta(mesh_outbox_pending[10m]) > 0"))
			.containsExactly("mesh_outbox_pending");
	}

	@Test
	void everyDashboardPanelHasAQueryOnTheDashboardsDataSource() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(MonitoringFiles.DASHBOARD.toFile());
		assertThat(dashboard.path("uid").asString()).isEqualTo("xseven-mesh");
		List<JsonNode> panels = dashboard.path("panels").valueStream()
			.filter((panel) -> !"row".equals(panel.path("type").asString()))
			.toList();
		assertThat(panels).hasSizeGreaterThanOrEqualTo(12).allSatisfy((panel) -> {
			assertThat(panel.path("title").asString()).isNotBlank();
			assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
			assertThat(panel.path("targets").valueStream().map((target) -> target.path("expr").asString()))
				.as(panel.path("title").asString()).isNotEmpty().allSatisfy((expr) -> assertThat(expr).isNotBlank());
		});
		assertThat(dashboard.path("panels").valueStream().map((panel) -> panel.path("id").asInt()))
			.doesNotHaveDuplicates();
		assertThat(MonitoringFiles.dashboardExpressions()).anySatisfy((expr) -> assertThat(expr).contains("mesh_service_up"))
			.anySatisfy((expr) -> assertThat(expr).contains("resilience4j_circuitbreaker_state"))
			.anySatisfy((expr) -> assertThat(expr).contains("mesh_outbox_oldest_seconds"))
			.anySatisfy((expr) -> assertThat(expr).contains("mesh_config_version"))
			.anySatisfy((expr) -> assertThat(expr).contains("http_server_requests_seconds_count"));
	}

	@Test
	void everyAlertHasAUnitTestThatExpectsItToFire() throws IOException {
		Map<String, String> alerts = MonitoringFiles.alertExpressions();
		assertThat(alerts).containsOnlyKeys("MeshRequiredServiceDown", "MeshOptionalServiceDown", "MeshBreakerOpen",
				"MeshOutboxGrowing", "MeshOutboxEventOld", "MeshDeadLetters", "MeshConfigVersionsDiffer",
				"MeshConfigChangeRejected");
		String tests = Files.readString(MonitoringFiles.ALERT_TESTS);
		alerts.keySet().forEach((alert) -> assertThat(tests)
			.as("a test that expects " + alert + " to fire")
			.containsPattern("alertname: " + alert + "\\n\\s+exp_alerts:\\n\\s+- exp_labels"));
	}

	@Test
	void promtoolAcceptsTheRulesAndPassesTheirTests() throws Exception {
		Optional<Path> promtool = PrometheusScrape.promtool();
		assumeThat(promtool).as("promtool (Debian's prometheus package; .ci/run unpacks it)").isPresent();
		assertThat(run(promtool.get(), "check", "rules", MonitoringFiles.ALERTS.toString()))
			.contains("SUCCESS: 8 rules found");
		assertThat(run(promtool.get(), "test", "rules", MonitoringFiles.ALERT_TESTS.toString())).contains("SUCCESS");
	}

	private static String run(Path promtool, String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(promtool.toString()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
