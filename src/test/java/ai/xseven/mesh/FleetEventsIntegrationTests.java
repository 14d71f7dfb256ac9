package ai.xseven.mesh;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.PackagedHost;
import ai.xseven.mesh.support.PackagedHost.Jdk;
import ai.xseven.mesh.support.RecordCollector;
import ai.xseven.mesh.support.StandaloneBackends;
import ai.xseven.mesh.support.TcpProxy;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shipped jar in child JVMs, as a fleet on one database, with real failures of the process:
 * SIGKILL while events are queued, SIGKILL between the broker's acknowledgement and the outbox's
 * delete, and a relaying host frozen with SIGSTOP. Every accepted event reaches Kafka at least
 * once, and a consumer that drops duplicates by {@code event-id} sees each key's events in the
 * order they were accepted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetEventsIntegrationTests {

	static final Path JAR = Path.of("target", "xseven-mesh.jar");

	static final Path WORK = Path.of("target", "fleet-events");

	static final TcpProxy kafkaProxy = new TcpProxy("127.0.0.1", 1, TcpProxy.Mode.PASS);

	static final EmbeddedKafkaKraftBroker broker = startBroker();

	static final TcpProxy databaseProxy = new TcpProxy("localhost", EmbeddedBackends.postgresPort(),
			TcpProxy.Mode.PASS);

	static final String DATABASE = EmbeddedBackends.createDatabase("fleet_events");

	static final Jdk JDK = Jdk.configured().get(0);

	/** Small batches, so that a drain lasts long enough to freeze the relay in its middle. */
	static final Map<String, String> SLOW_RELAY = Map.of("KAFKA_OUTBOX_BATCH_SIZE", "5");

	static RecordCollector collector;

	static PackagedHost hostA;

	static EmbeddedKafkaKraftBroker startBroker() {
		EmbeddedKafkaKraftBroker started = EmbeddedBackends.startKafkaBehind(kafkaProxy, Map.of());
		started.addTopics(new NewTopic("crash", 3, (short) 1), new NewTopic("acked", 3, (short) 1),
				new NewTopic("fleet", 3, (short) 1));
		return started;
	}

	@BeforeAll
	static void collect() {
		collector = RecordCollector.start("127.0.0.1:" + kafkaProxy.getPort(), Pattern.compile("crash|acked|fleet"));
	}

	@AfterAll
	static void stop() {
		if (hostA != null) {
			hostA.close();
		}
		collector.close();
		broker.destroy();
		kafkaProxy.close();
		databaseProxy.close();
	}

	@Test
	@Order(1)
	void eventsQueuedWhenTheHostIsKilledAreDeliveredInOrderAfterItsRestart() {
		kafkaProxy.setMode(TcpProxy.Mode.RESET);
		List<Posted> posted = new ArrayList<>();
		hostA = running(hostA, "a", Map.of());
		awaitStatus(hostA, "kafka", "DOWN");
		for (int seq = 0; seq < 30; seq++) {
			posted.add(post(hostA, "crash", "k" + (seq % 4), seq));
		}
		assertThat(posted).allMatch(Posted::queued);
		kill(hostA);
		kafkaProxy.setMode(TcpProxy.Mode.PASS);
		// The restarted host stays up for the next test, which kills it in its turn.
		hostA = start("a", Map.of());
		await().atMost(Duration.ofSeconds(30)).until(() -> collector.distinctIds("crash").size() == posted.size());
		assertDeliveredInOrder("crash", posted);
	}

	@Test
	@Order(2)
	void eventsAcknowledgedButNotYetDeletedWhenTheHostIsKilledAreDeliveredAgainInOrder() {
		kafkaProxy.setMode(TcpProxy.Mode.RESET);
		List<Posted> posted = new ArrayList<>();
		hostA = running(hostA, "a", Map.of());
		try {
			awaitStatus(hostA, "kafka", "DOWN");
			for (int seq = 0; seq < 20; seq++) {
				posted.add(post(hostA, "acked", "k" + (seq % 3), seq));
			}
			assertThat(posted).allMatch(Posted::queued);
			// The relay's delete of what the broker acknowledged never reaches the database.
			databaseProxy.hangOn("DELETE FROM event_outbox");
			kafkaProxy.setMode(TcpProxy.Mode.PASS);
			await().atMost(Duration.ofSeconds(30)).until(() -> collector.distinctIds("acked").size() == posted.size());
			// The relay got the acknowledgements and tried to delete: its statement is held.
			await().atMost(Duration.ofSeconds(10)).until(() -> databaseProxy.getMode() == TcpProxy.Mode.HANG);
			kill(hostA);
		}
		finally {
			databaseProxy.disarm();
			databaseProxy.setMode(TcpProxy.Mode.RESET);
			databaseProxy.setMode(TcpProxy.Mode.PASS);
		}
		int firstRound = collector.received("acked").size();
		// Restarted with the small batches of the next test, which goes on with it as its host 'a'.
		hostA = start("a", SLOW_RELAY);
		await().atMost(Duration.ofSeconds(30)).until(() -> collector.received("acked").size() >= 2 * posted.size());
		assertThat(firstRound).isEqualTo(posted.size());
		assertDeliveredInOrder("acked", posted);
		System.out.println("Duplicates after a kill between acknowledgement and delete: "
				+ (collector.received("acked").size() - posted.size()) + " of " + posted.size() + " events");
	}

	@Test
	@Order(3)
	void twoHostsKeepOrderPerKeyAndTheOtherTakesOverFromAFrozenRelay() throws Exception {
		kafkaProxy.setMode(TcpProxy.Mode.RESET);
		List<Posted> posted = new ArrayList<>();
		hostA = running(hostA, "a", SLOW_RELAY);
		try (PackagedHost a = hostA; PackagedHost b = start("b", SLOW_RELAY)) {
			awaitStatus(a, "kafka", "DOWN");
			awaitStatus(b, "kafka", "DOWN");
			for (int seq = 0; seq < 1500; seq++) {
				posted.add(post((seq % 2 == 0) ? a : b, "fleet", "k" + (seq % 5), seq));
			}
			kafkaProxy.setMode(TcpProxy.Mode.PASS);
			await().atMost(Duration.ofSeconds(30)).until(() -> collector.distinctIds("fleet").size() >= 100);
			String holder = leaseHolder();
			PackagedHost relaying = holder.equals("a") ? a : b;
			relaying.signal("STOP");
			try {
				int frozenAt = collector.distinctIds("fleet").size();
				long frozen = System.nanoTime();
				await().atMost(Duration.ofSeconds(15))
					.until(() -> collector.distinctIds("fleet").size() > frozenAt + 40);
				long takeoverMs = (System.nanoTime() - frozen) / 1_000_000;
				System.out.println("Relay taken over from the frozen host '" + holder + "' in " + takeoverMs + " ms");
				assertThat(takeoverMs).as("ms until the other host relayed").isLessThan(10_000);
				assertThat(leaseHolder()).isNotEqualTo(holder);
				await().atMost(Duration.ofSeconds(60)).until(() -> collector.distinctIds("fleet").size() == posted.size());
			}
			finally {
				relaying.signal("CONT");
			}
		}
		finally {
			hostA = null;
		}
		assertDeliveredInOrder("fleet", posted);
	}

	/**
	 * The host of an earlier test if it still runs, else a new one: each start of the jar costs
	 * many seconds, so the host a test restarts goes on serving the next.
	 */
	private static PackagedHost running(PackagedHost host, String instance, Map<String, String> extra) {
		if (host != null && host.isAlive()) {
			return host;
		}
		if (host != null) {
			host.close();
		}
		return start(instance, extra);
	}

	private static PackagedHost start(String instance, Map<String, String> extra) {
		Map<String, String> environment = new LinkedHashMap<>(StandaloneBackends.environment());
		environment.put("DATABASE_PORT", String.valueOf(databaseProxy.getPort()));
		environment.put("DATABASE_NAME", DATABASE);
		environment.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaProxy.getPort());
		environment.put("ADMIN_TOKEN", "fleet-admin-token");
		environment.put("MESH_INSTANCE_ID", instance);
		environment.put("HEALTH_INTERVAL", "1s");
		environment.put("HEALTH_TIMEOUT", "500ms");
		environment.put("KAFKA_OUTBOX_RELAY_INTERVAL", "200ms");
		environment.putAll(extra);
		PackagedHost host = PackagedHost.start(JDK, JAR, environment, WORK);
		await().atMost(Duration.ofSeconds(90)).until(() -> !host.isAlive()
				|| host.get("/actuator/health/readiness").status() == 200);
		assertThat(host.isAlive()).as("host %s alive", instance).isTrue();
		return host;
	}

	private static Posted post(PackagedHost host, String topic, String key, int seq) {
		PackagedHost.Answer answer = host.post("/api/events/" + topic + "?key=" + key, "{\"seq\": " + seq + "}");
		assertThat(answer.status()).as(answer.body()).isEqualTo(202);
		return new Posted(key, seq, answer.body().contains("\"queued\":true"));
	}

	private static void kill(PackagedHost host) {
		host.signal("KILL");
		await().atMost(Duration.ofSeconds(10)).until(() -> !host.isAlive());
	}

	private static void awaitStatus(PackagedHost host, String service, String status) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> host.get("/health/service/" + service).body().contains("\"status\":\"" + status + "\""));
	}

	private static String leaseHolder() throws SQLException {
		String url = "jdbc:postgresql://localhost:" + EmbeddedBackends.postgresPort() + "/" + DATABASE;
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet row = statement.executeQuery("SELECT holder FROM outbox_relay_lease")) {
			return row.next() ? row.getString(1) : "";
		}
	}

	private static void assertDeliveredInOrder(String topic, List<Posted> posted) {
		Map<String, List<Long>> expected = new LinkedHashMap<>();
		posted.forEach((event) -> expected.computeIfAbsent(event.key(), (key) -> new ArrayList<>())
			.add((long) event.seq()));
		Map<String, List<Long>> delivered = collector.firstArrivalsByKey(topic);
		assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
		expected.forEach((key, sequences) -> assertThat(delivered.get(key)).as("key " + key)
			.containsExactlyElementsOf(sequences));
	}

	/**
	 * An event as the test posted it.
	 *
	 * @param key its key
	 * @param seq its number, in its payload
	 * @param queued whether the answer said it was queued
	 */
	record Posted(String key, int seq, boolean queued) {
	}

}
