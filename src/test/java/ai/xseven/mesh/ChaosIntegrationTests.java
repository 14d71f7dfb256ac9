package ai.xseven.mesh;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import ai.xseven.mesh.support.ChaosMatrix;
import ai.xseven.mesh.support.ChaosMatrix.Fault;
import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.EndpointLoad;
import ai.xseven.mesh.support.HealthPoller;
import ai.xseven.mesh.support.PackagedHost;
import ai.xseven.mesh.support.PackagedHost.Jdk;
import ai.xseven.mesh.support.RecordCollector;
import ai.xseven.mesh.support.StandaloneBackends;
import ai.xseven.mesh.support.TcpProxy;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chaos matrix: the shipped jar in a child JVM, each of its five networked dependencies
 * (PostgreSQL, Redis, Kafka, Temporal, the providers' API) behind a fault proxy, each driven
 * through faults while a bounded load runs on {@code /health/system}, {@code /api/events} and one
 * endpoint of every other integration. For every cell: the host stays up; the faulty services are
 * DOWN within two rounds and a timeout and UP within one round and a timeout after recovery;
 * no other service changes; no 5xx and no missing answer on endpoints that do not need the
 * faulty dependency; the system is DOWN only when PostgreSQL is at fault, and never UP while a
 * breaker is open; every accepted event reaches Kafka.
 * <p>
 * {@code verify} runs the hung fault for each dependency; {@code -Pchaos} sets
 * {@code chaos.faults} to all four (refused, hung, slow, flapping). The matrix is printed and
 * written to {@code target/chaos/matrix.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIntegrationTests {

	static final Duration INTERVAL = Duration.ofSeconds(2);

	static final Duration TIMEOUT = Duration.ofMillis(1_500);

	static final Path JAR = Path.of("target", "xseven-mesh.jar");

	static final Path WORK = Path.of("target", "chaos");

	static final TcpProxy databaseProxy = new TcpProxy("localhost", EmbeddedBackends.postgresPort(),
			TcpProxy.Mode.PASS);

	static final TcpProxy redisProxy = new TcpProxy("localhost", EmbeddedBackends.redisPort(), TcpProxy.Mode.PASS);

	static final TcpProxy kafkaProxy = new TcpProxy("127.0.0.1", 1, TcpProxy.Mode.PASS);

	static final TcpProxy temporalProxy = new TcpProxy("localhost", EmbeddedBackends.temporalPort(),
			TcpProxy.Mode.PASS);

	static final TcpProxy providersProxy = new TcpProxy("127.0.0.1",
			URI.create(EmbeddedBackends.providersUrl()).getPort(), TcpProxy.Mode.PASS);

	static final List<TcpProxy> proxies = List.of(databaseProxy, redisProxy, kafkaProxy, temporalProxy,
			providersProxy);

	static final String DATABASE = EmbeddedBackends.createDatabase("chaos");

	static final Pattern EVENT_ID = Pattern.compile("\"id\":\"([^\"]+)\"");

	static EmbeddedKafkaKraftBroker broker;

	static RecordCollector collector;

	static PackagedHost host;

	static HealthPoller health;

	static EndpointLoad load;

	static ChaosMatrix matrix;

	@BeforeAll
	static void start() {
		broker = EmbeddedBackends.startKafkaBehind(kafkaProxy, Map.of());
		broker.addTopics(new NewTopic("chaos", 2, (short) 1));
		collector = RecordCollector.start("127.0.0.1:" + kafkaProxy.getPort(), Pattern.compile("chaos"));
		proxies.forEach((proxy) -> proxy.setSlowDelay(TIMEOUT.plusSeconds(1)));
		// Redis refuses from the start: the host must start without it.
		redisProxy.setMode(TcpProxy.Mode.REFUSE);
		host = PackagedHost.start(Jdk.configured().get(0), JAR, environment(), WORK);
		await().atMost(Duration.ofSeconds(90))
			.until(() -> !host.isAlive() || host.get("/actuator/health/readiness").status() == 200);
		assertThat(host.isAlive()).as("host alive; its log: %s", WORK).isTrue();
		await().atMost(Duration.ofSeconds(90))
			.until(() -> host.logLines().stream().anyMatch((line) -> line.contains("start-up finished")));
		health = new HealthPoller(host);
		matrix = new ChaosMatrix(ChaosMatrix.configuredFaults(), INTERVAL, TIMEOUT);
	}

	private static Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>(StandaloneBackends.environment());
		String providers = "http://127.0.0.1:" + providersProxy.getPort();
		environment.put("DATABASE_PORT", String.valueOf(databaseProxy.getPort()));
		environment.put("DATABASE_NAME", DATABASE);
		environment.put("REDIS_PORT", String.valueOf(redisProxy.getPort()));
		environment.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaProxy.getPort());
		environment.put("TEMPORAL_PORT", String.valueOf(temporalProxy.getPort()));
		environment.put("DSPY_BASE_URL", providers);
		environment.put("VOICE_OPENAI_BASE_URL", providers);
		environment.put("VOICE_ELEVENLABS_BASE_URL", providers);
		environment.put("ADMIN_TOKEN", "chaos-admin-token");
		environment.put("MESH_INSTANCE_ID", "chaos");
		environment.put("HEALTH_INTERVAL", INTERVAL.toMillis() + "ms");
		environment.put("HEALTH_TIMEOUT", TIMEOUT.toMillis() + "ms");
		// Breakers try again soon, so that each cell ends with every breaker closed.
		environment.put("SPRING_APPLICATION_JSON",
				"{\"circuit-breakers\": {\"defaults\": {\"wait-duration-in-open-state\": \"2s\"}}}");
		return environment;
	}

	@AfterAll
	static void stop() throws Exception {
		if (load != null) {
			load.close();
		}
		if (host != null) {
			host.close();
		}
		if (matrix != null) {
			String table = matrix.render();
			System.out.println(table);
			Files.createDirectories(WORK);
			Files.writeString(WORK.resolve("matrix.txt"), table, StandardCharsets.UTF_8);
		}
		collector.close();
		broker.destroy();
		proxies.forEach(TcpProxy::close);
	}

	@Test
	@Order(1)
	void redisRefusingFromTheStartIsDownAndComesUpOnceItListens() {
		List<String> others = List.of("database", "kafka", "temporal", "dspy", "voice");
		assertThat(health.awaitServices(others, true, Duration.ofSeconds(60))).as("every other service UP").isNotNull();
		HealthPoller.Snapshot started = health.poll();
		assertThat(started.services()).containsEntry("redis", "DOWN");
		assertThat(started.status()).isEqualTo("DEGRADED");
		redisProxy.setMode(TcpProxy.Mode.PASS);
		Duration up = health.awaitServices(List.of("redis"), true, Duration.ofSeconds(30));
		assertThat(up).as("redis UP after it listens").isNotNull();
		matrix.note("Redis refusing from the start: host ready, redis DOWN, system DEGRADED; UP "
				+ ChaosMatrix.seconds(up) + " after it listened");
		assertThat(health.awaitSettled(Duration.ofSeconds(60))).as("every service UP, every breaker closed")
			.isTrue();
	}

	@Test
	@Order(2)
	void everyFaultOfEveryDependencyIsSeenAndHealedWithoutHarmingTheRest() {
		String url = host.url("");
		Map<String, LongFunction<HttpRequest.Builder>> endpoints = new LinkedHashMap<>();
		endpoints.put("health", (n) -> EndpointLoad.to(url, "/health/system"));
		endpoints.put("events", (n) -> json(EndpointLoad.to(url, "/api/events/chaos?key=k" + (n % 4)),
				"{\"n\": " + n + "}"));
		endpoints.put("dspy", (n) -> json(EndpointLoad.to(url, "/api/dspy/predict"),
				"{\"input\": \"question " + n + "\"}"));
		endpoints.put("workflows", (n) -> EndpointLoad.to(url, "/api/workflows/chaos-" + n));
		endpoints.put("voice", (n) -> json(EndpointLoad.to(url, "/api/voice/tts"), "{\"text\": \"hello\"}"));
		load = EndpointLoad.start(endpoints, Duration.ofMillis(100));
		List<ChaosMatrix.Dependency> dependencies = List.of(
				new ChaosMatrix.Dependency("PostgreSQL", databaseProxy, List.of("database"), Set.of("health", "events")),
				new ChaosMatrix.Dependency("Redis", redisProxy, List.of("redis"), Set.of()),
				new ChaosMatrix.Dependency("Kafka", kafkaProxy, List.of("kafka"), Set.of()),
				new ChaosMatrix.Dependency("Temporal", temporalProxy, List.of("temporal"), Set.of("workflows")),
				new ChaosMatrix.Dependency("provider API", providersProxy, List.of("dspy", "voice"),
						Set.of("dspy", "voice")));
		for (ChaosMatrix.Dependency dependency : dependencies) {
			for (Fault fault : matrix.faults()) {
				matrix.run(dependency, fault, health, load, host);
				assertThat(host.isAlive()).as("host alive after %s %s", dependency.name(), fault).isTrue();
			}
		}
		assertThat(matrix.problems()).as("what went wrong, cell by cell").isEmpty();
	}

	@Test
	@Order(3)
	void everyAcceptedEventReachesKafka() {
		load.close();
		Set<String> accepted = new LinkedHashSet<>();
		for (EndpointLoad.Call call : load.calls()) {
			Matcher id = EVENT_ID.matcher(call.body());
			if (call.endpoint().equals("events") && call.status() == 202 && id.find()) {
				accepted.add(id.group(1));
			}
		}
		assertThat(accepted).isNotEmpty();
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(collector.distinctIds("chaos"))
			.containsAll(accepted));
		matrix.note(accepted.size() + " events accepted under the faults, every one delivered");
	}

	@Test
	@Order(4)
	void sigtermWithASlowRequestInFlightAndEveryDependencyFrozenStopsWithinThirtySeconds() throws Exception {
		if (load != null) {
			load.close();
		}
		// Each piece of the provider's answer is held: the request is slow, within its timeout.
		providersProxy.setSlowDelay(Duration.ofMillis(1_200));
		providersProxy.setMode(TcpProxy.Mode.SLOW);
		CompletableFuture<Long> answered = new CompletableFuture<>();
		CompletableFuture<PackagedHost.Answer> slow = CompletableFuture.supplyAsync(() -> {
			PackagedHost.Answer answer = host.request("POST", "/api/dspy/predict", "{\"input\": \"a slow question\"}");
			answered.complete(System.nanoTime());
			return answer;
		});
		Thread.sleep(500);
		assertThat(slow).as("the request still in flight").isNotDone();
		List<TcpProxy> frozen = List.of(databaseProxy, redisProxy, kafkaProxy, temporalProxy);
		frozen.forEach((proxy) -> proxy.setMode(TcpProxy.Mode.HANG));
		long signalled = System.nanoTime();
		boolean exited;
		try {
			host.signal("TERM");
			exited = host.awaitExit(Duration.ofSeconds(30));
			if (!exited) {
				host.threadDump();
			}
		}
		finally {
			host.close();
			frozen.forEach((proxy) -> proxy.setMode(TcpProxy.Mode.PASS));
			providersProxy.setMode(TcpProxy.Mode.PASS);
		}
		Duration took = Duration.ofNanos(System.nanoTime() - signalled);
		PackagedHost.Answer answer = slow.get(30, TimeUnit.SECONDS);
		Duration answeredAfter = Duration.ofNanos(answered.get() - signalled);
		matrix.note("SIGTERM with a slow request in flight and PostgreSQL, Redis, Kafka and Temporal frozen: "
				+ (exited ? "exited by itself " + ChaosMatrix.seconds(took) + " after the signal" : "alive 30 s after it")
				+ "; the request answered " + answer.status() + " " + ChaosMatrix.seconds(answeredAfter)
				+ " after the signal");
		assertThat(exited).as("exited by itself within 30 s of SIGTERM; log and threads in %s", WORK).isTrue();
		assertThat(answer.status()).as("the request in flight: %s", answer.body()).isEqualTo(200);
		assertThat(answeredAfter).as("answered while the host drained").isPositive();
		assertThat(host.exitCode()).as("stopped by itself, not halted by its shutdown deadline").isNotEqualTo(1);
		List<String> log = host.logLines();
		int draining = indexOf(log, "Commencing graceful shutdown");
		int stopping = indexOf(log, "Stopping services: ");
		assertThat(draining).as("requests drained first").isNotNegative().isLessThan(stopping);
	}

	private static int indexOf(List<String> lines, String text) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

	private static HttpRequest.Builder json(HttpRequest.Builder request, String body) {
		return request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
	}

}
