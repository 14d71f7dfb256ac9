package ai.xseven.mesh;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import ai.xseven.mesh.config.DedicatedConnections;
import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.PackagedHost;
import ai.xseven.mesh.support.PackagedHost.Answer;
import ai.xseven.mesh.support.PackagedHost.Jdk;
import ai.xseven.mesh.support.StandaloneBackends;
import ai.xseven.mesh.support.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of the shipped jar on one database are one configuration: a change through any
 * of them is in force on all (seen in their services' behaviour, not only their answers),
 * concurrent changes through all three are all kept in sequential versions, a stale
 * {@code If-Match} changes nothing, a rollback anywhere applies everywhere, a host started later
 * runs the latest version before it is ready, and instances whose listening connections were
 * killed still converge.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetConfigIntegrationTests {

	static final Path JAR = Path.of("target", "xseven-mesh.jar");

	static final Path WORK = Path.of("target", "fleet-config");

	static final String TOKEN = "fleet-config-admin-token";

	static final String DATABASE = EmbeddedBackends.createDatabase("fleet_config");

	static final Jdk JDK = Jdk.configured().get(0);

	/** A second way to the same Redis, which the test can make refuse connections. */
	static final TcpProxy redisProxy = new TcpProxy("127.0.0.1", EmbeddedBackends.redisPort(), TcpProxy.Mode.PASS);

	/**
	 * The fleet's JVMs compile with C1 only: three of them starting at once on a small machine
	 * spent a third of their start in the C2 compiler (ready in 92 s instead of 122 s for the
	 * class). What this class tests (versions, notifications, freezes) does not depend on the JIT;
	 * the packaged-jar tests start the jar with the JVM's defaults.
	 */
	static final List<String> FLEET_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

	static final List<PackagedHost> hosts = new ArrayList<>();

	static final List<Long> propagationMillis = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void startFleet() {
		List<CompletableFuture<PackagedHost>> starting = IntStream.rangeClosed(1, 3)
			.mapToObj((n) -> CompletableFuture.supplyAsync(() -> start("host-" + n)))
			.toList();
		starting.forEach((host) -> hosts.add(host.join()));
	}

	@AfterAll
	static void stopFleet() {
		hosts.forEach(PackagedHost::close);
		redisProxy.close();
		if (!propagationMillis.isEmpty()) {
			List<Long> sorted = new ArrayList<>(propagationMillis);
			Collections.sort(sorted);
			System.out.println("Configuration propagation to the other instances over " + sorted.size()
					+ " measurements: p50 " + sorted.get(sorted.size() / 2) + " ms, max "
					+ sorted.get(sorted.size() - 1) + " ms");
		}
	}

	@Test
	@Order(1)
	void aChangeThroughOneHostIsInForceOnTheOthersAndTheyAnnounceThemselves() {
		PackagedHost first = hosts.get(0);
		// A change waits for none of the services it restarts to be starting.
		hosts.forEach((host) -> awaitStatus(host, "redis", "UP"));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			Answer instances = admin(first, "GET", "/admin/instances", null);
			assertThat(instances.status()).isEqualTo(200);
			List<String> ids = JsonPath.read(instances.body(), "$.instances[*].id");
			assertThat(ids).contains("host-1", "host-2", "host-3");
		});
		long version = change(first, "{\"redis\": {\"port\": " + redisProxy.getPort() + "}}");
		for (PackagedHost other : hosts.subList(1, 3)) {
			assertThat(JsonPath.<String>read(config(other).body(), "$.config.redis.port.source")).isEqualTo("runtime");
			assertThat(JsonPath.<Integer>read(other.get("/health/system").body(), "$.instance.configVersion"))
				.isEqualTo((int) version);
		}
		// Every host's Redis client now goes through the proxy: when it refuses, each sees Redis DOWN.
		redisProxy.setMode(TcpProxy.Mode.RESET);
		try {
			hosts.forEach((host) -> awaitStatus(host, "redis", "DOWN"));
		}
		finally {
			redisProxy.setMode(TcpProxy.Mode.PASS);
		}
		hosts.forEach((host) -> awaitStatus(host, "redis", "UP"));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			List<Integer> versions = JsonPath.read(admin(first, "GET", "/admin/instances", null).body(),
					"$.instances[*].configVersion");
			assertThat(versions).containsOnly((int) version);
		});
	}

	@Test
	@Order(2)
	void concurrentChangesThroughAllHostsAreAllKeptInSequentialVersions() throws Exception {
		long before = latestVersion(hosts.get(0));
		List<String> breakers = List.of("redis", "kafka", "temporal", "dspy", "voice-tts-elevenlabs",
				"voice-tts-openai", "voice-stt-openai");
		List<String> settings = List.of("minimum-number-of-calls", "sliding-window-size",
				"permitted-number-of-calls-in-half-open-state");
		Map<String, String> changed = new LinkedHashMap<>();
		for (int n = 0; n < 20; n++) {
			changed.put(breakers.get(n % breakers.size()) + "." + settings.get(n / breakers.size()),
					String.valueOf(4 + n % 3));
		}
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<Answer>> answers = new ArrayList<>();
		int n = 0;
		for (Map.Entry<String, String> setting : changed.entrySet()) {
			PackagedHost host = hosts.get(n++ % 3);
			String[] path = setting.getKey().split("\\.");
			String body = "{\"circuit-breakers\": {\"" + path[0] + "\": {\"" + path[1] + "\": " + setting.getValue()
					+ "}}}";
			answers.add(CompletableFuture.supplyAsync(() -> {
				waitFor(go);
				return admin(host, "POST", "/admin/config", body);
			}));
		}
		go.countDown();
		List<Integer> versions = new ArrayList<>();
		for (CompletableFuture<Answer> answer : answers) {
			Answer done = answer.get();
			assertThat(done.status()).as(done.body()).isEqualTo(200);
			versions.add(JsonPath.read(done.body(), "$.version"));
		}
		Collections.sort(versions);
		assertThat(versions).containsExactlyElementsOf(
				IntStream.rangeClosed((int) before + 1, (int) before + 20).boxed().toList());
		for (PackagedHost host : hosts) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				String config = config(host).body();
				changed.forEach((key, value) -> {
					String[] path = key.split("\\.");
					assertThat(JsonPath.<String>read(config, "$.config.circuit-breakers['" + path[0] + "']['" + path[1]
							+ "'].value")).as(key).isEqualTo(value);
				});
			});
		}
	}

	@Test
	@Order(3)
	void aChangeWithAStaleIfMatchChangesNothing() {
		PackagedHost host = hosts.get(1);
		// These hosts have no ENCRYPT_KEY: a secret cannot be changed at runtime, since it would be stored in clear.
		Answer secret = admin(host, "POST", "/admin/config", "{\"dspy\": {\"api-key\": \"sk-in-clear\"}}");
		assertThat(secret.status()).as(secret.body()).isEqualTo(400);
		assertThat(JsonPath.<String>read(secret.body(), "$.details[0].field")).isEqualTo("dspy.api-key");
		assertThat(JsonPath.<String>read(secret.body(), "$.details[0].message")).contains("ENCRYPT_KEY");
		awaitEverywhere(latestVersion(host));
		Answer current = config(host);
		long version = ((Number) JsonPath.read(current.body(), "$.version")).longValue();
		Answer stale = admin(host, "POST", "/admin/config", "{\"dspy\": {\"model\": \"stale-model\"}}", "If-Match",
				"\"" + (version - 1) + "\"");
		assertThat(stale.status()).as(stale.body()).isEqualTo(412);
		assertThat(latestVersion(host)).isEqualTo(version);
		assertThat(JsonPath.<String>read(config(host).body(), "$.config.dspy.model.value")).isNotEqualTo("stale-model");
		Answer fresh = admin(host, "POST", "/admin/config", "{\"dspy\": {\"model\": \"fresh-model\"}}", "If-Match",
				"\"" + version + "\"");
		assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
		awaitEverywhere(version + 1);
	}

	@Test
	@Order(4)
	void instancesWhoseListeningConnectionsWereKilledStillConverge() throws SQLException {
		// Each listener listens again after a back-off and reads the latest version then; the
		// periodic read alone (no notification at all) is FleetSyncTests' case.
		assertThat(terminateListeners()).isEqualTo(3);
		long version = change(hosts.get(0), "{\"dspy\": {\"model\": \"after-lost-notifications\"}}");
		awaitEverywhere(version);
		assertThat(JsonPath.<String>read(config(hosts.get(2)).body(), "$.config.dspy.model.value"))
			.isEqualTo("after-lost-notifications");
	}

	@Test
	@Order(5)
	void anOperatorsBreakerStateIsHeldOnEveryInstanceUntilReset() {
		assertThat(admin(hosts.get(0), "POST", "/admin/circuit-breakers/nope", "{\"state\": \"FORCED_OPEN\"}").status())
			.isEqualTo(404);
		Answer unknown = admin(hosts.get(0), "POST", "/admin/circuit-breakers/redis", "{\"state\": \"HALF_SHUT\"}");
		assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
		assertThat(JsonPath.<String>read(unknown.body(), "$.details[0].field")).isEqualTo("state");
		Answer forced = admin(hosts.get(1), "POST", "/admin/circuit-breakers/redis", "{\"state\": \"FORCED_OPEN\"}");
		assertThat(forced.status()).as(forced.body()).isEqualTo(200);
		assertThat(JsonPath.<String>read(forced.body(), "$.state")).isEqualTo("FORCED_OPEN");
		long version = ((Number) JsonPath.read(forced.body(), "$.version")).longValue();
		awaitEverywhere(version);
		for (PackagedHost host : hosts) {
			String breakers = host.get("/health/circuit-breakers").body();
			assertThat(JsonPath.<String>read(breakers, "$.breakers.redis.state")).isEqualTo("FORCED_OPEN");
			assertThat(JsonPath.<String>read(breakers, "$.status")).isEqualTo("DEGRADED");
		}
		List<String> changed = JsonPath.read(admin(hosts.get(0), "GET", "/admin/config/history", null).body(),
				"$[0].changed");
		assertThat(changed).containsExactly("circuit-breakers.redis.state");
		Answer reset = admin(hosts.get(2), "POST", "/admin/circuit-breakers/redis", "{\"action\": \"reset\"}");
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		awaitEverywhere(((Number) JsonPath.read(reset.body(), "$.version")).longValue());
		hosts.forEach((host) -> assertThat(JsonPath.<String>read(host.get("/health/circuit-breakers").body(),
				"$.breakers.redis.state")).isEqualTo("CLOSED"));
	}

	@Test
	@Order(6)
	void aRollbackThroughTheThirdHostAppliesOnAllAndAHostStartedLaterRunsTheLatestVersion() {
		PackagedHost third = hosts.get(2);
		Answer rolledBack = admin(third, "POST", "/admin/config/rollback/0", null);
		assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
		long version = ((Number) JsonPath.read(rolledBack.body(), "$.version")).longValue();
		awaitEverywhere(version);
		for (PackagedHost host : hosts) {
			String config = config(host).body();
			assertThat(JsonPath.<String>read(config, "$.config.redis.port.source")).isNotEqualTo("runtime");
			assertThat(JsonPath.<String>read(config, "$.config.dspy.model.source")).isNotEqualTo("runtime");
		}
		// Redis is reached directly again: the proxy refusing no longer matters.
		redisProxy.setMode(TcpProxy.Mode.RESET);
		try {
			long later = change(hosts.get(0), "{\"dspy\": {\"model\": \"for-the-late-host\"}}");
			PackagedHost late = start("host-4");
			hosts.add(late);
			String config = config(late).body();
			assertThat(((Number) JsonPath.read(config, "$.version")).longValue()).isEqualTo(later);
			assertThat(JsonPath.<String>read(config, "$.config.dspy.model.value")).isEqualTo("for-the-late-host");
			hosts.forEach((host) -> awaitStatus(host, "redis", "UP"));
		}
		finally {
			redisProxy.setMode(TcpProxy.Mode.PASS);
		}
	}

	@Test
	@Order(7)
	void aFrozenInstanceHoldsNoChangeUpAndCatchesUpOnceItThaws() {
		PackagedHost frozen = hosts.get(2);
		List<PackagedHost> others = hosts.stream().filter((host) -> host != frozen).toList();
		frozen.signal("STOP");
		long version;
		try {
			long began = System.nanoTime();
			Answer answer = admin(others.get(0), "POST", "/admin/config",
					"{\"circuit-breakers\": {\"defaults\": {\"minimum-number-of-calls\": 11}}}");
			long tookMs = (System.nanoTime() - began) / 1_000_000;
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			// Nothing waits on the frozen instance: it holds no lock and is asked nothing.
			assertThat(tookMs).isLessThan(5_000);
			version = ((Number) JsonPath.read(answer.body(), "$.version")).longValue();
			others.forEach((host) -> await().atMost(Duration.ofSeconds(10)).until(() -> versionOf(host) >= version));
			// Its heartbeat stops: after three health intervals it is no longer listed as live.
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(JsonPath.<List<String>>read(
					admin(others.get(0), "GET", "/admin/instances", null).body(), "$.instances[*].id"))
				.doesNotContain("host-3"));
		}
		finally {
			frozen.signal("CONT");
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> versionOf(frozen) >= version);
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(JsonPath.<List<String>>read(
				admin(others.get(0), "GET", "/admin/instances", null).body(), "$.instances[*].id"))
			.contains("host-3"));
	}

	private static PackagedHost start(String instance) {
		Map<String, String> environment = new LinkedHashMap<>(StandaloneBackends.environment());
		environment.put("DATABASE_NAME", DATABASE);
		environment.put("ADMIN_TOKEN", TOKEN);
		environment.put("MESH_INSTANCE_ID", instance);
		environment.put("HEALTH_INTERVAL", "1s");
		environment.put("HEALTH_TIMEOUT", "500ms");
		PackagedHost host = PackagedHost.start(JDK, JAR, environment, WORK, FLEET_JVM_OPTIONS);
		await().atMost(Duration.ofSeconds(120)).until(() -> !host.isAlive()
				|| host.get("/actuator/health/readiness").status() == 200);
		assertThat(host.isAlive()).as("host %s alive", instance).isTrue();
		return host;
	}

	/**
	 * Makes a change through one host, and measures until every other host shows its version.
	 */
	private static long change(PackagedHost through, String body) {
		Answer answer = admin(through, "POST", "/admin/config", body);
		long answered = System.nanoTime();
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		long version = ((Number) JsonPath.read(answer.body(), "$.version")).longValue();
		for (PackagedHost other : hosts) {
			if (other != through) {
				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
					.until(() -> versionOf(other) >= version);
				propagationMillis.add((System.nanoTime() - answered) / 1_000_000);
			}
		}
		return version;
	}

	private static void awaitEverywhere(long version) {
		hosts.forEach((host) -> await().atMost(Duration.ofSeconds(10)).until(() -> versionOf(host) >= version));
	}

	private static long versionOf(PackagedHost host) {
		Answer answer = config(host);
		return (answer.status() == 200) ? ((Number) JsonPath.read(answer.body(), "$.version")).longValue() : -1;
	}

	private static long latestVersion(PackagedHost host) {
		List<Integer> versions = JsonPath.read(admin(host, "GET", "/admin/config/history", null).body(), "$[*].version");
		return versions.stream().mapToLong(Integer::longValue).max().orElse(0);
	}

	private static Answer config(PackagedHost host) {
		return admin(host, "GET", "/admin/config", null);
	}

	private static Answer admin(PackagedHost host, String method, String path, String body, String... headers) {
		List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + TOKEN));
		all.addAll(List.of(headers));
		return host.request(method, path, body, all.toArray(String[]::new));
	}

	private static void awaitStatus(PackagedHost host, String service, String status) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> host.get("/health/service/" + service).body().contains("\"status\":\"" + status + "\""));
	}

	private static int terminateListeners() throws SQLException {
		String url = "jdbc:postgresql://localhost:" + EmbeddedBackends.postgresPort() + "/" + DATABASE;
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement statement = connection.createStatement()) {
			var killed = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
					+ "WHERE datname = current_database() AND application_name = '" + DedicatedConnections.APPLICATION_NAME + "'");
			killed.next();
			return killed.getInt(1);
		}
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
