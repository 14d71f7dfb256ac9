package ai.xseven.mesh;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.embedded.RedisServer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import ai.xseven.mesh.cache.MeshCache;
import ai.xseven.mesh.config.ConfigCipher;
import ai.xseven.mesh.dspy.DspyProperties;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceSnapshot;
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.registry.ServiceStateListener;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.MeshHost;
import ai.xseven.mesh.support.MeshTestProperties;
import ai.xseven.mesh.support.TcpProxy;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /admin/config} on a running host with real backends: validated all-or-nothing changes,
 * a Redis switched while requests flow, a failed reconnect rolled back, versions that survive a
 * restart, history, rollback, dry runs, and secrets kept out of answers and logs.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigReloadIntegrationTests {

	static final String DATABASE = EmbeddedBackends.createDatabase("xseven_config");

	static final String SECRET = "sk-never-shown-7c1f";

	// The host's own Redis, so that the connections it holds there can be counted.
	static final int REDIS_PORT = TestSocketUtils.findAvailableTcpPort();

	static RedisServer redis;

	static MeshHost host;

	static RestTestClient http;

	@BeforeAll
	static void startHost() {
		redis = EmbeddedBackends.startRedis(REDIS_PORT);
		host = MeshHost.start(Map.of("database.name", DATABASE, "redis.port", REDIS_PORT));
		http = host.http();
	}

	@AfterAll
	static void stopHost() {
		host.close();
		EmbeddedBackends.stopQuietly(redis);
	}

	@Test
	void everyAdminConfigPathNeedsTheToken() {
		http.get().uri("/admin/config").exchange().expectStatus().isUnauthorized();
		http.get().uri("/admin/config/history").exchange().expectStatus().isUnauthorized();
		http.post().uri("/admin/config").contentType(MediaType.APPLICATION_JSON).body("{\"health\": {}}").exchange()
			.expectStatus().isUnauthorized();
		http.post().uri("/admin/config/rollback/1").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void invalidChangesAreRejectedWithEveryErrorAndChangeNothing() {
		String before = config();
		post("{\"redis\": {\"port\": \"abc\", \"timeout\": \"soon\", \"nope\": 1}, \"bogus\": {\"x\": 1},"
				+ " \"database\": {\"pool-size\": 0}, \"admin\": {\"token\": \"x\"}}")
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid configuration")
			.jsonPath("$.details[*].field").value((List<String> fields) -> assertThat(fields)
				.containsExactlyInAnyOrder("bogus", "admin.token", "database.pool-size", "redis.nope", "redis.port",
						"redis.timeout"));
		post("{\"redis\": {\"port\": 70000}}").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.details[0].message").isEqualTo("must be between 1 and 65535");
		post("{\"redis\": ").expectStatus().isBadRequest().expectBody().jsonPath("$.details[0].field").isEqualTo("body");
		post("{\"redis\": {\"host\": \"" + "x".repeat(70_000) + "\"}}").expectStatus().isEqualTo(413);
		assertThat(config()).isEqualTo(before);
	}

	@Test
	void postedValuesAreLiteralsNeverResolvedAsPlaceholders() {
		String before = config();
		dryRun("{\"dspy\": {\"model\": \"${database.password}\"}, \"redis\": {\"host\": \"x${HOME}y\"}}")
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.details[*].field").value((List<String> fields) -> assertThat(fields)
				.containsExactlyInAnyOrder("dspy.model", "redis.host"))
			.jsonPath("$.details[0].message").value((String message) -> assertThat(message).contains("${"));
		// Not even an error message quotes what the placeholder would have resolved to.
		String refused = dryRun("{\"health\": {\"timeout\": \"${admin.token}\"}}").expectStatus().isBadRequest()
			.returnResult(String.class).getResponseBody();
		assertThat(refused).contains("health.timeout").doesNotContain(MeshTestProperties.ADMIN_TOKEN);
		assertThat(config()).isEqualTo(before);
	}

	@Test
	void durationsOutsideTheirRangeAreRefusedEachWithItsRange() {
		String before = config();
		dryRun("{\"health\": {\"timeout\": \"0s\", \"interval\": \"0s\"}, \"kafka\": {\"send-timeout\": \"0s\", "
				+ "\"outbox\": {\"relay-interval\": \"0s\"}}, \"startup\": {\"service-timeout\": \"0s\"}, "
				+ "\"circuit-breakers\": {\"defaults\": {\"wait-duration-in-open-state\": \"0s\"}}, "
				+ "\"database\": {\"socket-timeout\": \"0s\"}, \"redis\": {\"timeout\": \"365d\"}}")
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.details[*].field").value((List<String> fields) -> assertThat(fields)
				.containsExactlyInAnyOrder("health.timeout", "health.interval", "kafka.send-timeout",
						"kafka.outbox.relay-interval", "startup.service-timeout",
						"circuit-breakers.defaults.wait-duration-in-open-state", "database.socket-timeout",
						"redis.timeout"))
			.jsonPath("$.details[*].message").value((List<String> messages) -> assertThat(messages)
				.allMatch((message) -> message.startsWith("must be between ")));
		assertThat(config()).isEqualTo(before);
	}

	@Test
	void relatedSettingsAreCheckedTogether() {
		String before = config();
		// The host's interval is 3 s and its timeout 2 s.
		dryRun("{\"health\": {\"interval\": \"1s\"}, \"kafka\": {\"send-timeout\": \"700ms\"}}")
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.details[*].field").value((List<String> fields) -> assertThat(fields)
				.containsExactlyInAnyOrder("health.timeout", "kafka.send-timeout"))
			.jsonPath("$.details[?(@.field == 'health.timeout')].message").value((List<String> messages) -> assertThat(
					messages.get(0)).startsWith("must be shorter than health.interval (PT1S)"))
			.jsonPath("$.details[?(@.field == 'kafka.send-timeout')].message").value((List<String> messages) -> assertThat(
					messages.get(0)).startsWith("must be at least the producer's delivery.timeout.ms (PT0.8S)"));
		dryRun("{\"health\": {\"timeout\": \"3s\"}}").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.details[0].field").isEqualTo("health.timeout");
		// Changed together, they agree.
		dryRun("{\"health\": {\"interval\": \"1s\", \"timeout\": \"500ms\"}, \"kafka\": {\"send-timeout\": \"800ms\"}}")
			.expectStatus().isOk();
		assertThat(config()).isEqualTo(before);
	}

	@Test
	void redisSwitchesToAnotherServerWhileRequestsFlow() throws Exception {
		int newPort = TestSocketUtils.findAvailableTcpPort();
		RedisServer newRedis = EmbeddedBackends.startRedis(newPort);
		AtomicBoolean flowing = new AtomicBoolean(true);
		AtomicInteger failures = new AtomicInteger();
		AtomicInteger requests = new AtomicInteger();
		Thread traffic = new Thread(() -> {
			while (flowing.get()) {
				int status = http.get().uri("/actuator/health/liveness").exchange().returnResult(String.class)
					.getStatus().value();
				int system = http.get().uri("/health/circuit-breakers").exchange().returnResult(String.class)
					.getStatus().value();
				requests.addAndGet(2);
				if (status != 200 || system != 200) {
					failures.incrementAndGet();
				}
			}
		});
		traffic.start();
		host.bean(MeshCache.class).put("before", "switch", Duration.ofMinutes(1));
		assertThat(clients(REDIS_PORT)).as("connections to the first Redis, the counting one included").isGreaterThan(1);
		try {
			post("{\"redis\": {\"port\": " + newPort + "}}").expectStatus().isOk()
				.expectBody()
				.jsonPath("$.changed[0]").isEqualTo("redis.port")
				.jsonPath("$.restarted[0]").isEqualTo("redis")
				.jsonPath("$.config.redis.port.source").isEqualTo("runtime");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/health/service/redis?refresh=true")
				.exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.details.address").isEqualTo("localhost:" + newPort));
			host.bean(MeshCache.class).put("switched", "yes", Duration.ofMinutes(1));
			RedisClient client = RedisClient.create("redis://localhost:" + newPort);
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				assertThat(connection.sync().get("switched")).isEqualTo("yes");
			}
			finally {
				client.shutdown();
			}
			assertThat(clients(REDIS_PORT)).as("connections left to the first Redis: the counting one").isEqualTo(1);
		}
		finally {
			flowing.set(false);
			traffic.join();
			post("{\"redis\": {\"port\": null}}").expectStatus().isOk();
			EmbeddedBackends.stopQuietly(newRedis);
		}
		assertThat(requests.get()).isGreaterThan(0);
		assertThat(failures).hasValue(0);
	}

	@Test
	void aNewTargetThatDoesNotAnswerIsRefusedBeforeAnythingChanges() {
		String before = config();
		// The seed's own example: a host no name service knows.
		post("{\"redis\": {\"host\": \"new-redis-host\"}}").expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.error").value((String error) -> assertThat(error)
				.startsWith("Nothing was changed: the new target of redis did not answer: new-redis-host:" + REDIS_PORT)
				.contains("?force=true"));
		post("{\"redis\": {\"port\": 1}}").expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.error").value((String error) -> assertThat(error).contains("localhost:1"));
		assertThat(config()).isEqualTo(before);
		http.get().uri("/health/service/redis").exchange().expectStatus().isOk();
	}

	@Test
	void failedReconnectIsRolledBack() {
		String before = config();
		// The model's client does not start without a key: its reconnect fails, with the timeout changed too.
		post("{\"dspy\": {\"api-key\": \"\", \"timeout\": \"20s\"}}")
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.error").value((String error) -> assertThat(error).startsWith("The change was rolled back")
				.contains("dspy"));
		assertThat(config()).isEqualTo(before);
		assertThat(host.bean(DspyProperties.class).getTimeout()).isNotEqualTo(Duration.ofSeconds(20));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/health/service/dspy?refresh=true")
			.exchange().expectStatus().isOk());
		assertThat(prometheus()).contains("mesh_config_reloads_total{result=\"rolled_back\"}");
	}

	@Test
	void versionsSurviveARestartAndCanBeRolledBack(CapturedOutput output) {
		http.post().uri("/admin/config?dryRun=true").header(HttpHeaders.AUTHORIZATION, bearer())
			.contentType(MediaType.APPLICATION_JSON).body("{\"health\": {\"interval\": \"4s\"}}").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.dryRun").isEqualTo(true)
			.jsonPath("$.changes['health.interval'].new").isEqualTo("PT4S")
			.jsonPath("$.config.health.interval.value").isEqualTo("PT3S");
		long first = version(post("{\"dspy\": {\"api-key\": \"" + SECRET + "\"}}"));
		long second = version(post("{\"health\": {\"timeout\": \"1500ms\"}}"));
		assertThat(second).isGreaterThan(first);
		// At rest the secret is a {cipher} value, never in clear.
		assertThat(storedRows()).contains(ConfigCipher.PREFIX).doesNotContain(SECRET);

		http.get().uri("/admin/config/history").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$[0].version").isEqualTo(second)
			.jsonPath("$[0].changed[0]").isEqualTo("health.timeout")
			.jsonPath("$[?(@.version == " + first + ")].changes['dspy.api-key'].new").isEqualTo(List.of("******"));

		try (MeshHost restarted = MeshHost.start(Map.of("database.name", DATABASE))) {
			restarted.http().get().uri("/admin/config").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
				.expectBody()
				.jsonPath("$.version").isEqualTo(second)
				.jsonPath("$.config.health.timeout.value").isEqualTo("PT1.5S")
				.jsonPath("$.config.health.timeout.source").isEqualTo("runtime")
				.jsonPath("$.config.dspy['api-key'].value").isEqualTo("******");
			assertThat(restarted.bean(DspyProperties.class).getApiKey()).isEqualTo(SECRET);
		}

		http.post().uri("/admin/config/rollback/" + first).header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.changed").value((List<String> changed) -> assertThat(changed).contains("health.timeout"))
			.jsonPath("$.config.health.timeout.value").isEqualTo("PT2S");
		http.post().uri("/admin/config/rollback/9999").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.error").isEqualTo("There is no configuration version 9999.");
		// Version 0 is the baseline: no runtime value left.
		http.post().uri("/admin/config/rollback/0").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.changed").value((List<String> changed) -> assertThat(changed).contains("dspy.api-key"))
			.jsonPath("$.config.dspy['api-key'].source").value((String source) -> assertThat(source).isNotEqualTo("runtime"));
		assertThat(config()).doesNotContain("\"runtime\"");
		assertThat(config()).doesNotContain(SECRET);
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	@Test
	void aSettingReadOnlyAtStartNeedsRestartTrueAndWhetherAServiceIsRequiredChangesAtOnce() {
		String before = config();
		http.get().uri("/admin/config").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.config.startup.legacy.restartRequired").isEqualTo(true)
			.jsonPath("$.config.admin.token.restartRequired").isEqualTo(true)
			.jsonPath("$.config.redis.host.restartRequired").isEqualTo(false)
			.jsonPath("$.config.database.host.restartRequired").isEqualTo(true)
			.jsonPath("$.config.database.password.restartRequired").isEqualTo(false)
			.jsonPath("$.config.redis.required.restartRequired").isEqualTo(false)
			.jsonPath("$.config['circuit-breakers'].redis['failure-rate-threshold'].restartRequired").isEqualTo(false);
		post("{\"startup\": {\"legacy\": true}}").expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.details[0].field").isEqualTo("startup.legacy")
			.jsonPath("$.details[0].message").value((String message) -> assertThat(message).contains("?restart=true"));
		dryRun("{\"startup\": {\"legacy\": true}}").expectStatus().isBadRequest();
		// The store of record is not moved at runtime, not even for the next start.
		http.post().uri("/admin/config?restart=true").header(HttpHeaders.AUTHORIZATION, bearer())
			.contentType(MediaType.APPLICATION_JSON).body("{\"database\": {\"host\": \"elsewhere\"}}").exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.details[0].field").isEqualTo("database.host")
			.jsonPath("$.details[0].message").value((String message) -> assertThat(message)
				.startsWith("cannot be changed at runtime"));
		assertThat(config()).isEqualTo(before);
		http.post().uri("/admin/config?restart=true").header(HttpHeaders.AUTHORIZATION, bearer())
			.contentType(MediaType.APPLICATION_JSON).body("{\"startup\": {\"legacy\": true}}").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.changed[0]").isEqualTo("startup.legacy")
			.jsonPath("$.restartRequired[0]").isEqualTo("startup.legacy")
			.jsonPath("$.restarted.length()").isEqualTo(0)
			.jsonPath("$.config.startup.legacy.value").isEqualTo("true");
		try {
			// Optional Redis becomes required: no reconnect, in force in the very next health answer.
			post("{\"redis\": {\"required\": true}}").expectStatus().isOk()
				.expectBody()
				.jsonPath("$.restarted.length()").isEqualTo(0)
				.jsonPath("$.restartRequired.length()").isEqualTo(0);
			assertThat(host.bean(ServiceRegistry.class).get("redis").required()).isTrue();
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> http.get().uri("/health/system").exchange()
				.expectBody().jsonPath("$.services.redis.required").isEqualTo(true));
		}
		finally {
			http.post().uri("/admin/config?restart=true").header(HttpHeaders.AUTHORIZATION, bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"startup\": {\"legacy\": null}, \"redis\": {\"required\": null}}").exchange()
				.expectStatus().isOk();
		}
		assertThat(host.bean(ServiceRegistry.class).get("redis").required()).isFalse();
	}

	@Test
	void breakerSettingsChangeLiveAndAnOpenBreakerStaysOpen() {
		CircuitBreaker before = host.bean(CircuitManager.class).breaker("redis");
		before.transitionToOpenState();
		try {
			post("{\"circuit-breakers\": {\"redis\": {\"wait-duration-in-open-state\": \"45s\"}}}").expectStatus().isOk()
				.expectBody()
				.jsonPath("$.changed[0]").isEqualTo("circuit-breakers.redis.wait-duration-in-open-state")
				.jsonPath("$.restarted.length()").isEqualTo(0)
				.jsonPath("$.config['circuit-breakers'].redis['wait-duration-in-open-state'].value").isEqualTo("PT45S")
				.jsonPath("$.config['circuit-breakers'].redis['wait-duration-in-open-state'].source").isEqualTo("runtime");
			CircuitBreaker after = host.bean(CircuitManager.class).breaker("redis");
			assertThat(after).isNotSameAs(before);
			assertThat(after.getState()).isEqualTo(CircuitBreaker.State.OPEN);
			post("{\"circuit-breakers\": {\"redis\": {\"wait-in-open\": \"45s\"}, \"kafka\": {\"failure-rate-threshold\": 0}}}")
				.expectStatus().isBadRequest()
				.expectBody().jsonPath("$.details[*].field").value((List<String> fields) -> assertThat(fields)
					.containsExactlyInAnyOrder("circuit-breakers.redis.wait-in-open",
							"circuit-breakers.kafka.failure-rate-threshold"));
		}
		finally {
			post("{\"circuit-breakers\": {\"redis\": {\"wait-duration-in-open-state\": null}}}").expectStatus().isOk();
			host.bean(CircuitManager.class).breaker("redis").transitionToClosedState();
		}
	}

	@Test
	void aChangeWhoseRestartCannotRunWhileAnotherRestartIsUnderWayChangesNothing() throws Exception {
		String before = config();
		CountDownLatch stopped = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean armed = new AtomicBoolean(true);
		// Holds an operator's restart of temporal, and so the host's one restart at a time, in its middle.
		host.bean(ServiceRegistry.class).addListener(new ServiceStateListener() {

			@Override
			public void stateChanged(ServiceSnapshot previous, ServiceSnapshot current) {
				if ("temporal".equals(current.name()) && current.state() == ServiceState.STOPPED
						&& armed.compareAndSet(true, false)) {
					stopped.countDown();
					try {
						release.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			}

		});
		CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> http.post()
			.uri("/admin/restart-service/temporal").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectStatus().isOk());
		try {
			assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
			post("{\"redis\": {\"timeout\": \"1700ms\"}}").expectStatus().isEqualTo(409)
				.expectBody().jsonPath("$.error").value((String error) -> assertThat(error).contains("rolled back"));
			assertThat(config()).isEqualTo(before);
		}
		finally {
			release.countDown();
			restart.get(60, TimeUnit.SECONDS);
		}
	}

	@Test
	void storedChangesWaitForAnUnreachableDatabaseAndApplyOnceItIsBack(CapturedOutput output) {
		String database = EmbeddedBackends.createDatabase("xseven_config_deferred");
		try (MeshHost first = MeshHost.start(Map.of("database.name", database))) {
			first.http().post().uri("/admin/config").header(HttpHeaders.AUTHORIZATION, bearer())
				.contentType(MediaType.APPLICATION_JSON).body("{\"health\": {\"timeout\": \"1600ms\"}}").exchange()
				.expectStatus().isOk();
		}
		try (TcpProxy proxy = new TcpProxy("localhost", EmbeddedBackends.postgresPort(), TcpProxy.Mode.RESET);
				MeshHost second = MeshHost.start(Map.of("database.name", database, "database.port", proxy.getPort(),
						"database.connect-timeout", "1s", "startup.retry.initial-backoff", "200ms",
						"startup.retry.max-backoff", "1s"))) {
			RestTestClient other = second.http();
			assertThat(output.getOut()).contains("Stored configuration changes could not be read");
			other.get().uri("/admin/config").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
				.expectBody().jsonPath("$.config.health.timeout.value").isEqualTo("PT2S");
			proxy.setMode(TcpProxy.Mode.PASS);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> other.get().uri("/admin/config")
				.header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
				.expectBody()
				.jsonPath("$.config.health.timeout.value").isEqualTo("PT1.6S")
				.jsonPath("$.config.health.timeout.source").isEqualTo("runtime"));
			// Once the database runs, the loader or the fleet's periodic read puts the stored version in force.
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getOut())
				.containsPattern("Stored configuration version \\d+ \\(api, instance [^)]+\\) applied: changed \\[health.timeout\\]"));
		}
	}

	private static String storedRows() {
		String url = "jdbc:postgresql://localhost:" + EmbeddedBackends.postgresPort() + "/" + DATABASE;
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT string_agg(changes::text, ' ') FROM config_change")) {
			rows.next();
			return rows.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int clients(int port) {
		RedisClient client = RedisClient.create("redis://localhost:" + port);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().clientList().strip().split("\n").length;
		}
		finally {
			client.shutdown();
		}
	}

	private static RestTestClient.ResponseSpec post(String body) {
		return http.post().uri("/admin/config").header(HttpHeaders.AUTHORIZATION, bearer())
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange();
	}

	private static RestTestClient.ResponseSpec dryRun(String body) {
		return http.post().uri("/admin/config?dryRun=true").header(HttpHeaders.AUTHORIZATION, bearer())
			.contentType(MediaType.APPLICATION_JSON).body(body).exchange();
	}

	private static long version(RestTestClient.ResponseSpec response) {
		Map<?, ?> answer = response.expectStatus().isOk().returnResult(Map.class).getResponseBody();
		return ((Number) answer.get("version")).longValue();
	}

	private static String config() {
		return http.get().uri("/admin/config").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()
			.expectStatus().isOk().returnResult(String.class).getResponseBody();
	}

	private static String prometheus() {
		return http.get().uri("/actuator/prometheus").exchange().returnResult(String.class).getResponseBody();
	}

	private static String bearer() {
		return "Bearer " + MeshTestProperties.ADMIN_TOKEN;
	}

}
