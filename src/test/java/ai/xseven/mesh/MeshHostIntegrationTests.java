package ai.xseven.mesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.config.ConfigManager;
import ai.xseven.mesh.health.MeshStatus;
import ai.xseven.mesh.health.ServiceMesh;
import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.MeshComponent;
import ai.xseven.mesh.registry.ProbeResult;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceLifecycle;
import ai.xseven.mesh.cache.MeshCache;
import ai.xseven.mesh.startup.StartupOrchestrator;
import ai.xseven.mesh.support.MeshTestProperties;
import ai.xseven.mesh.support.MonitoringFiles;
import ai.xseven.mesh.support.OpenApiDescription;
import ai.xseven.mesh.support.PrometheusScrape;
import ai.xseven.mesh.support.ReadmeEndpoints;
import ai.xseven.mesh.support.TestHttp;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The host over HTTP against a real PostgreSQL and Redis, with services that X-Seven code
 * registers both ways.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import({ MeshHostIntegrationTests.XSevenServices.class, OpenApiDescription.class })
class MeshHostIntegrationTests {

	@DynamicPropertySource
	static void backends(DynamicPropertyRegistry registry) {
		registry.add("springdoc.api-docs.enabled", () -> "true");
		MeshTestProperties.embedded(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	StartupOrchestrator orchestrator;

	@Autowired
	MeshCache cache;

	@Autowired
	ConfigManager configManager;

	@Autowired
	ServiceMesh serviceMesh;

	RestTestClient http;

	@BeforeEach
	void awaitUp() {
		this.http = TestHttp.client(this.port);
		assertThat(this.orchestrator.awaitStartup(Duration.ofSeconds(60))).isTrue();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.http.get().uri("/health/system").exchange().expectStatus().isOk()
				.expectBody().jsonPath("$.status").isEqualTo("UP"));
	}

	@Test
	void systemHealthListsEveryServiceWithItsDependencies() {
		this.http.get().uri("/health/system").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.startupMode").isEqualTo("MESH")
			.jsonPath("$.fallbackReason").isEmpty()
			.jsonPath("$.checkedAt").isNotEmpty()
			.jsonPath("$.services.database.status").isEqualTo("UP")
			.jsonPath("$.services.database.required").isEqualTo(true)
			.jsonPath("$.services.database.state").isEqualTo("RUNNING")
			.jsonPath("$.services.database.circuitBreaker").isEmpty()
			.jsonPath("$.services.redis.status").isEqualTo("UP")
			.jsonPath("$.services.redis.required").isEqualTo(false)
			.jsonPath("$.services.redis.circuitBreaker").isEqualTo("CLOSED")
			.jsonPath("$.services.redis.latencyMs").isNumber()
			.jsonPath("$.services['session-cache'].dependsOn[0]").isEqualTo("redis")
			.jsonPath("$.services['session-cache'].status").isEqualTo("UP")
			.jsonPath("$.services.my_service.dependsOn.length()").isEqualTo(2)
			.jsonPath("$.services.my_service.status").isEqualTo("UP")
			// Fresh results carry no stale mark; the changes since start-up are listed, the newest first.
			.jsonPath("$.services.redis.stale").doesNotExist()
			.jsonPath("$.recentChanges").isArray()
			.jsonPath("$.recentChanges.length()").value((Integer length) -> assertThat(length).isBetween(1, 20))
			.jsonPath("$.recentChanges[0].service").isNotEmpty()
			.jsonPath("$.recentChanges[0].to").isNotEmpty();
	}

	@Test
	void theScrapeKeepsTheHostsSeriesAndGivesEveryFamilyAHelpText() {
		// The language-model client's meters exist once it has been called.
		this.http.post().uri("/api/dspy/predict").contentType(MediaType.APPLICATION_JSON)
			.body("{\"input\": \"hello\"}").exchange().expectStatus().isOk();
		PrometheusScrape scrape = new PrometheusScrape(this.http.get().uri("/actuator/prometheus").exchange()
			.expectStatus().isOk().returnResult(String.class).getResponseBody());
		assertThat(scrape.families()).containsKeys("mesh_service_up", "mesh_service_health_check_seconds",
				"mesh_outbox_pending", "resilience4j_circuitbreaker_state", "resilience4j_circuitbreaker_calls_seconds",
				"http_server_requests_seconds", "gen_ai_client_operation_seconds", "jvm_memory_used_bytes");
		assertThat(scrape.families().keySet()).as("families left out of the scrape")
			.noneMatch((name) -> name.startsWith("okhttp_") || name.startsWith("tomcat_sessions_")
					|| name.startsWith("disk_") || name.startsWith("jdbc_connections_")
					|| name.startsWith("spring_security_"))
			.allMatch((name) -> name.matches("[a-z][a-z0-9_]*"));
		assertThat(scrape.families()).as("families without a help text").allSatisfy(
				(name, help) -> assertThat(help).as(name).isNotBlank());
		// Prometheus' own check, where the machine has it: .ci/run installs it, a bare JDK may not.
		PrometheusScrape.promtool().ifPresent((promtool) -> assertThat(scrape.promtoolProblems(promtool))
			.as("promtool check metrics").isEmpty());
	}

	@Test
	void systemHealthCarriesAnETagThatAnswersNotModified() {
		String etag = this.http.get().uri("/health/system").exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.returnResult(String.class)
			.getResponseHeaders()
			.getETag();
		assertThat(etag).startsWith("\"");
		// Unless a result came in between, the same answer: not modified.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String current = this.http.get().uri("/health/system").exchange().returnResult(String.class)
				.getResponseHeaders().getETag();
			this.http.get().uri("/health/system").header(HttpHeaders.IF_NONE_MATCH, current).exchange()
				.expectStatus().isNotModified();
		});
	}

	@Test
	void serviceHealthAnswersOneServiceAndRefreshesOnRequest() {
		this.http.get().uri("/health/service/redis").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.name").isEqualTo("redis")
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.details.ping").isEqualTo("PONG");
		this.http.get().uri("/health/service/database?refresh=true").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.details.database").value((String version) -> assertThat(version).startsWith("PostgreSQL"));
		this.http.get().uri("/health/service/redis?refresh=maybe").exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid request parameter")
			.jsonPath("$.details[0].field").isEqualTo("refresh")
			.jsonPath("$.details[0].message").isEqualTo("must be true or false");
		this.http.get().uri("/health/service/nope").exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.error").isEqualTo("Unknown service 'nope'");
	}

	/**
	 * Every metric the Grafana dashboard and the alert rules read is in a scrape of the host,
	 * after what makes the host's lazily created series appear: a breaker held open and closed by
	 * an operator (a transition each way) and a cache read refused by it (a fallback).
	 */
	@Test
	void theDashboardAndTheAlertRulesReadOnlyMetricsTheHostExports() {
		String breaker = "/admin/circuit-breakers/redis";
		this.http.post().uri(breaker).header(HttpHeaders.AUTHORIZATION, bearer()).contentType(MediaType.APPLICATION_JSON)
			.body("{\"state\": \"FORCED_OPEN\"}").exchange().expectStatus().isOk();
		try {
			assertThat(this.cache.get("dashboard-probe")).isEmpty();
		}
		finally {
			this.http.post().uri(breaker).header(HttpHeaders.AUTHORIZATION, bearer())
				.contentType(MediaType.APPLICATION_JSON).body("{\"state\": \"CLOSED\"}").exchange()
				.expectStatus().isOk();
		}
		Set<String> exported = new PrometheusScrape(this.http.get().uri("/actuator/prometheus").exchange()
			.expectStatus().isOk().returnResult(String.class).getResponseBody()).seriesNames();
		Map<String, Set<String>> readBy = new TreeMap<>();
		MonitoringFiles.dashboardExpressions().forEach((expr) -> MonitoringFiles.metricNames(expr)
			.forEach((name) -> readBy.computeIfAbsent(name, (key) -> new TreeSet<>()).add("dashboard")));
		MonitoringFiles.alertExpressions().forEach((alert, expr) -> MonitoringFiles.metricNames(expr)
			.forEach((name) -> readBy.computeIfAbsent(name, (key) -> new TreeSet<>()).add(alert)));
		assertThat(readBy).hasSizeGreaterThanOrEqualTo(12);
		assertThat(readBy).allSatisfy((name, readers) -> assertThat(exported).as(name + ", read by " + readers)
			.contains(name));
	}

	/**
	 * {@code /v3/api-docs} is public and is what springdoc derives from the controllers (run with
	 * {@code -Dmesh.openapi.write=true} to write the derived document over the shipped one); it
	 * describes exactly the endpoints of README's table (the mesh's own: the status page and
	 * Actuator's are not in it), the admin ones with the bearer scheme and the JSON error answer.
	 */
	@Test
	void theOpenApiDescriptionIsTheCodesAndHasEveryEndpointOfTheReadme() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		JsonNode derived = json.readTree(this.http.get().uri(OpenApiDescription.DERIVED).exchange()
			.expectStatus().isOk().returnResult(String.class).getResponseBody());
		if (Boolean.getBoolean("mesh.openapi.write")) {
			Files.writeString(Path.of("src/main/resources/openapi/api-docs.json"),
					json.writerWithDefaultPrettyPrinter().writeValueAsString(derived) + "\n");
		}
		String document = this.http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.returnResult(String.class).getResponseBody();
		assertThat(json.readTree(document)).as("the shipped document is what the code gives; "
				+ "-Dmesh.openapi.write=true writes it, then build again").isEqualTo(derived);
		Map<String, Map<String, Object>> paths = JsonPath.read(document, "$.paths");
		Set<String> described = new TreeSet<>();
		paths.forEach((path, operations) -> operations.keySet()
			.forEach((method) -> described.add(method.toUpperCase(Locale.ROOT) + " " + path)));
		assertThat(described).isEqualTo(ReadmeEndpoints.read(Path.of("README.md")));
		List<Object> adminSecurity = JsonPath.read(document, "$.paths['/admin/config'].get.security[*].adminToken");
		assertThat(adminSecurity).hasSize(1);
		assertThat(JsonPath.<String>read(document, "$.paths['/admin/config'].get.responses['401'].content"
				+ "['application/json'].schema['$ref']")).isEqualTo("#/components/schemas/ApiError");
		assertThat(JsonPath.<String>read(document, "$.components.securitySchemes.adminToken.scheme")).isEqualTo("bearer");
		Map<String, Object> schemas = JsonPath.read(document, "$.components.schemas");
		List<String> references = JsonPath.read(document, "$..['$ref']");
		assertThat(references).isNotEmpty().allSatisfy((reference) -> assertThat(schemas)
			.containsKey(reference.substring("#/components/schemas/".length())));
		this.http.get().uri("/swagger-ui.html").exchange().expectStatus().isOk();
		this.http.get().uri("/webjars/swagger-ui/swagger-ui-bundle.js").exchange().expectStatus().isOk();
	}

	@Test
	void infoShowsTheBuildAndTheJavaRuntime() {
		this.http.get().uri("/actuator/info").exchange().expectStatus().isOk()
			.expectBody()
			.jsonPath("$.build.artifact").isEqualTo("xseven-mesh")
			.jsonPath("$.build.version").isNotEmpty()
			.jsonPath("$.java.version").isNotEmpty();
		// The commit, where the jar was built in a clone (git.properties; a source tarball has none).
		if (Files.isDirectory(Path.of(".git"))) {
			this.http.get().uri("/actuator/info").exchange().expectBody()
				.jsonPath("$.git.commit.id").isNotEmpty()
				.jsonPath("$.git.branch").isNotEmpty();
		}
	}

	@Test
	void probesAndMetricsArePublic() {
		this.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP");
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		String system = JsonPath.read(this.http.get().uri("/health/system").exchange()
			.returnResult(String.class).getResponseBody(), "$.status");
		this.http.get().uri("/actuator/health").exchange().expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo(system)
			.jsonPath("$.components.system.details.status").isEqualTo(system)
			.jsonPath("$.components.mesh.components.redis.status").isEqualTo("UP");
		this.http.get().uri("/actuator/health/mesh/database").exchange().expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.details.required").isEqualTo(true)
			.jsonPath("$.details.state").isEqualTo("RUNNING")
			.jsonPath("$.details.dependsOn").isArray();
		this.http.get().uri("/actuator/health/mesh/nope").exchange().expectStatus().isNotFound();
		String metrics = this.http.get().uri("/actuator/prometheus").exchange()
			.expectStatus().isOk()
			.returnResult(String.class).getResponseBody();
		assertThat(metrics).contains("mesh_service_up{required=\"true\",service=\"database\"} 1.0")
			.contains("mesh_service_up{required=\"false\",service=\"redis\"} 1.0")
			.contains("mesh_service_startup_seconds{service=\"redis\"}")
			.contains("mesh_service_health_check_seconds_count{service=\"database\"}")
			.contains("mesh_service_restarts_total{service=\"redis\"}")
			.contains("resilience4j_circuitbreaker_state{name=\"redis\",state=\"closed\"} 1.0");
		this.http.get().uri("/health/circuit-breakers").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.breakers.redis.state").isEqualTo("CLOSED");
	}

	@Test
	void adminEndpointsNeedTheAdminToken() {
		this.http.post().uri("/admin/restart-service/redis").exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error").isNotEmpty();
		this.http.post().uri("/admin/restart-service/redis").header(HttpHeaders.AUTHORIZATION, "Bearer wrong")
			.exchange().expectStatus().isUnauthorized();
		this.http.get().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized();
		this.http.get().uri("/actuator/metrics").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectStatus().isOk();
		this.http.post().uri("/admin/restart-service/nope").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void restartStopsDependentsFirstAndStartsThemAgainInOrder() {
		this.http.post().uri("/admin/restart-service/redis").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.service").isEqualTo("redis")
			.jsonPath("$.restarted").value((List<String> restarted) -> assertThat(restarted).first()
				.isEqualTo("redis"))
			.jsonPath("$.restarted").value((List<String> restarted) -> assertThat(restarted)
				.containsExactlyInAnyOrder("redis", "session-cache", "my_service"))
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.durationMs").isNumber();
		assertThat(XSevenServices.events).containsSubsequence("stop session-cache", "start session-cache");
		String metrics = this.http.get().uri("/actuator/prometheus").exchange().returnResult(String.class)
			.getResponseBody();
		assertThat(metrics).contains("mesh_service_restarts_total{service=\"session-cache\"}");
	}

	@Test
	void restartWhileOneRunsIsAConflict() throws Exception {
		SlowStop.entered = new CountDownLatch(1);
		SlowStop.release = new CountDownLatch(1);
		CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> this.http.post()
			.uri("/admin/restart-service/slow-stop").header(HttpHeaders.AUTHORIZATION, bearer())
			.exchange().returnResult(String.class).getStatus().value());
		assertThat(SlowStop.entered.await(10, TimeUnit.SECONDS)).isTrue();
		this.http.post().uri("/admin/restart-service/redis").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.error").isEqualTo("A restart is already in progress");
		SlowStop.release.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(200);
	}

	@Test
	void cacheStoresReadsAndDeletesThroughRedis() {
		this.cache.put("greeting", "hello", Duration.ofMinutes(1));
		assertThat(this.cache.get("greeting")).contains("hello");
		this.cache.delete("greeting");
		assertThat(this.cache.get("greeting")).isEmpty();
	}

	@Test
	void javaApiGivesInstancesByLifecycle() {
		MyService first = this.orchestrator.getService("my_service", MyService.class);
		assertThat(first.dataSource).isNotNull();
		assertThat(this.orchestrator.getService("my_service", MyService.class)).isSameAs(first);
		assertThat(this.orchestrator.getService("report-builder", ReportBuilder.class))
			.isNotSameAs(this.orchestrator.getService("report-builder", ReportBuilder.class));
	}

	@Test
	void statusAndValidationApis() {
		assertThat(this.configManager.validateConfig()).isEmpty();
		MeshStatus status = this.serviceMesh.getStatus();
		assertThat(status.breakers()).containsKey("redis");
		assertThat(status.startupMs()).containsKeys("database", "redis");
		assertThat(this.orchestrator.getSystemStatus().completed()).isTrue();
	}

	@Test
	void unknownPathAnswersJsonError() {
		this.http.get().uri("/no-such-path").exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.error").isEqualTo("Not Found: GET /no-such-path.");
	}

	private static String bearer() {
		return "Bearer " + MeshTestProperties.ADMIN_TOKEN;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class XSevenServices {

		static final List<String> events = new CopyOnWriteArrayList<>();

		@Bean
		SessionCache sessionCache(MeshCache cache) {
			return new SessionCache(cache);
		}

		@Bean
		SlowStop slowStop() {
			return new SlowStop();
		}

		@Bean
		InitializingBean registerJavaServices(StartupOrchestrator orchestrator) {
			return () -> {
				orchestrator.registerService(ServiceDefinition.builder("my_service")
					.serviceClass(MyService.class)
					.dependencies("database", "redis")
					.healthCheck(HealthCheck.ofBoolean(() -> true))
					.lifecycle(ServiceLifecycle.SINGLETON)
					.required(true)
					.build());
				orchestrator.registerService(ServiceDefinition.builder("report-builder")
					.serviceClass(ReportBuilder.class)
					.lifecycle(ServiceLifecycle.TRANSIENT)
					.build());
			};
		}

	}

	@MeshComponent(name = "session-cache", dependsOn = "redis")
	static class SessionCache implements ManagedService, HealthCheck {

		private final MeshCache cache;

		SessionCache(MeshCache cache) {
			this.cache = cache;
		}

		@Override
		public void start() {
			XSevenServices.events.add("start session-cache");
			this.cache.put("session-cache:probe", "ok", Duration.ofMinutes(5));
		}

		@Override
		public void stop() {
			XSevenServices.events.add("stop session-cache");
		}

		@Override
		public ProbeResult check() {
			return this.cache.get("session-cache:probe").isPresent() ? ProbeResult.up()
					: ProbeResult.down("probe key missing");
		}

	}

	@MeshComponent(name = "slow-stop")
	static class SlowStop implements ManagedService {

		static volatile CountDownLatch entered = new CountDownLatch(0);

		static volatile CountDownLatch release = new CountDownLatch(0);

		@Override
		public void start() {
		}

		@Override
		public void stop() throws InterruptedException {
			entered.countDown();
			release.await(10, TimeUnit.SECONDS);
		}

	}

	static class MyService {

		final DataSource dataSource;

		MyService(DataSource dataSource) {
			this.dataSource = dataSource;
		}

	}

	static class ReportBuilder {

	}

}
