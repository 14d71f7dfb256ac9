package ai.xseven.mesh;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.MeshHost;
import ai.xseven.mesh.support.MeshTestProperties;
import ai.xseven.mesh.support.RecordCollector;
import ai.xseven.mesh.support.TcpProxy;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events against a real KRaft broker that does not create topics on first use and a real
 * PostgreSQL, each reached through a proxy the test can freeze: poison refused at the door or
 * kept aside as a dead letter without holding anything else up, and an answer within 2 s while
 * Kafka or PostgreSQL hangs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventsIntegrationTests {

	static final TcpProxy kafkaProxy = new TcpProxy("127.0.0.1", 1, TcpProxy.Mode.PASS);

	static final EmbeddedKafkaKraftBroker broker = startBroker();

	static final TcpProxy databaseProxy = new TcpProxy("localhost", EmbeddedBackends.postgresPort(),
			TcpProxy.Mode.PASS);

	static final String DATABASE = EmbeddedBackends.createDatabase("events_it");

	static MeshHost host;

	static RecordCollector collector;

	static EmbeddedKafkaKraftBroker startBroker() {
		EmbeddedKafkaKraftBroker started = EmbeddedBackends.startKafkaBehind(kafkaProxy,
				Map.of("auto.create.topics.enable", "false"));
		started.addTopics("orders", "payments");
		return started;
	}

	@BeforeAll
	static void startHost() {
		// With a serializer of text left in the settings, as an operator's older configuration might
		// have it: the host sends its events as bytes all the same.
		host = MeshHost.start(Map.of("kafka.bootstrap-servers", "127.0.0.1:" + kafkaProxy.getPort(), "database.port",
				databaseProxy.getPort(), "database.name", DATABASE, "kafka.outbox.relay-interval", "200ms",
				"spring.kafka.producer.value-serializer", "org.apache.kafka.common.serialization.StringSerializer"));
		collector = RecordCollector.start("127.0.0.1:" + kafkaProxy.getPort(), Pattern.compile("orders|payments|late"));
		awaitStatus("kafka", "UP");
	}

	@AfterAll
	static void stop() {
		collector.close();
		host.close();
		broker.destroy();
		kafkaProxy.close();
		databaseProxy.close();
	}

	@Test
	@Order(1)
	void eventLargerThanTheProducerSendsIs413AndBadTopicsAre400() {
		RestTestClient http = host.http();
		String huge = "\"" + "x".repeat(1024 * 1024 - 40) + "\"";
		http.post().uri("/api/events/orders?key=k").contentType(MediaType.APPLICATION_JSON).body(huge).exchange()
			.expectStatus().isEqualTo(413)
			.expectBody().jsonPath("$.error").value((String error) -> assertThat(error).contains("max.request.size"));
		for (String topic : List.of("with space", "__consumer_offsets", "x".repeat(250))) {
			http.post().uri("/api/events/{topic}", topic).contentType(MediaType.APPLICATION_JSON).body("{}").exchange()
				.expectStatus().isBadRequest()
				.expectBody().jsonPath("$.details[0].field").isEqualTo("topic");
		}
		http.post().uri("/api/events/orders").contentType(MediaType.APPLICATION_JSON).body("{\"a\": ").exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.details[0].field").isEqualTo("body");
		assertThat(prometheus()).contains("mesh_events_rejected_total{reason=\"too-large\"} 1.0");
	}

	@Test
	@Order(2)
	void topicTheBrokerRefusesBecomesADeadLetterAndHoldsUpNothingElse() {
		RestTestClient http = host.http();
		assertThat(post("late", "k1", 1)).containsEntry("deadLettered", false);
		long began = System.nanoTime();
		assertThat(post("orders", "k1", 2)).containsEntry("queued", false);
		assertThat(post("payments", "k2", 3)).containsEntry("queued", false);
		await().atMost(Duration.ofSeconds(5)).until(() -> collector.received("orders").size() == 1
				&& collector.received("payments").size() == 1);
		assertThat((System.nanoTime() - began) / 1_000_000).as("ms until the others arrived").isLessThan(5_000);

		await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters().size() == 1);
		Map<?, ?> deadLetter = deadLetters().get(0);
		assertThat(deadLetter.get("topic")).isEqualTo("late");
		assertThat(deadLetter.get("key")).isEqualTo("k1");
		assertThat((String) deadLetter.get("error")).contains("does not exist");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(prometheus()).contains("mesh_outbox_dead_letters 1.0"));

		broker.addTopics("late");
		admin(http.post().uri("/admin/events/dead-letters/" + deadLetter.get("id") + "/retry")).exchange()
			.expectStatus().isOk();
		await().atMost(Duration.ofSeconds(10)).until(() -> collector.received("late").size() == 1);
		assertThat(deadLetters()).isEmpty();
		admin(http.delete().uri("/admin/events/dead-letters/" + deadLetter.get("id"))).exchange()
			.expectStatus().isNotFound();
		http.get().uri("/admin/events/dead-letters").exchange().expectStatus().isUnauthorized();
	}

	@Test
	@Order(3)
	void anEventQueuedByAnotherInstanceKeepsTheNewerOnesOfItsKeyBehindItAndPoisonHoldsNothingUp() {
		// Another instance holds the relay and has queued two events: one for a topic the broker
		// refuses, then one of the key 'held'.
		sql("INSERT INTO outbox_relay_lease (id, holder, expires_at) VALUES (1, 'elsewhere', now() + interval '1 minute') "
				+ "ON CONFLICT (id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at");
		sql("INSERT INTO event_outbox (event_id, topic, record_key, payload) VALUES "
				+ "('00000000-0000-0000-0000-000000000031', 'absent', 'held', '{\"seq\": 30}'), "
				+ "('00000000-0000-0000-0000-000000000032', 'orders', 'held', '{\"seq\": 31}')");
		assertThat(post("orders", "held", 32)).as("behind the queued event of its key").containsEntry("queued", true);
		assertThat(post("payments", "free", 33)).as("no event of its key waits").containsEntry("queued", false);
		// The other instance is gone: this one's relay takes over once the lease is free.
		long began = System.nanoTime();
		sql("DELETE FROM outbox_relay_lease");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> collector.firstArrivalsByKey("orders").getOrDefault("held", List.of()).size() == 2);
		assertThat((System.nanoTime() - began) / 1_000_000).as("ms until the queued events arrived").isLessThan(5_000);
		assertThat(collector.firstArrivalsByKey("orders").get("held")).containsExactly(31L, 32L);
		await().atMost(Duration.ofSeconds(5)).until(() -> deadLetters().size() == 1);
		Map<String, Object> poison = deadLetters().get(0);
		assertThat(poison).containsEntry("topic", "absent").containsEntry("key", "held");
		admin(host.http().delete().uri("/admin/events/dead-letters/" + poison.get("id"))).exchange()
			.expectStatus().isNoContent();
		assertThat(deadLetters()).isEmpty();
	}

	@Test
	@Order(4)
	void frozenBrokerWhileHealthSaysUpIsAnsweredWithin2sAndDeliveredLater() {
		kafkaProxy.setMode(TcpProxy.Mode.HANG);
		try {
			assertThat(timed(() -> post("orders", "frozen", 10))).containsEntry("queued", true);
			assertThat(timed(() -> post("orders", "frozen", 11))).containsEntry("queued", true);
		}
		finally {
			kafkaProxy.setMode(TcpProxy.Mode.PASS);
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> collector.firstArrivalsByKey("orders").getOrDefault("frozen", List.of()).size() == 2);
		assertThat(collector.firstArrivalsByKey("orders").get("frozen")).containsExactly(10L, 11L);
	}

	@Test
	@Order(5)
	void frozenDatabaseIsAnsweredWithin2s() {
		databaseProxy.setMode(TcpProxy.Mode.HANG);
		try {
			// A keyed event needs the database's word that no older one of its key waits.
			long began = System.nanoTime();
			host.http().post().uri("/api/events/orders?key=db-frozen").contentType(MediaType.APPLICATION_JSON)
				.body("{\"seq\": 20}").exchange()
				.expectStatus().isEqualTo(503)
				.expectHeader().exists(HttpHeaders.RETRY_AFTER);
			assertThat((System.nanoTime() - began) / 1_000_000).as("answer time in ms").isLessThan(2_000);
			// One without a key has no order to keep: Kafka takes it.
			assertThat(timed(() -> post("orders", null, 21))).containsEntry("queued", false);
			// An operator's look at the dead letters waits the statement's time, not the socket's.
			long asked = System.nanoTime();
			admin(host.http().get().uri("/admin/events/dead-letters")).exchange().expectStatus().isEqualTo(503);
			assertThat((System.nanoTime() - asked) / 1_000_000).as("admin answer time in ms").isLessThan(3_000);
		}
		finally {
			databaseProxy.setMode(TcpProxy.Mode.PASS);
		}
		awaitStatus("database", "UP");
	}

	@Test
	@Order(6)
	void fullOutboxRefusesWith503AndCountsIt() {
		kafkaProxy.setMode(TcpProxy.Mode.RESET);
		try (MeshHost small = MeshHost.start(Map.of("kafka.bootstrap-servers", "127.0.0.1:" + kafkaProxy.getPort(),
				"database.name", EmbeddedBackends.createDatabase("events_full"), "kafka.outbox.max-pending", 2))) {
			RestTestClient http = small.http();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.get().uri("/health/service/kafka")
				.exchange().expectBody().jsonPath("$.status").isEqualTo("DOWN"));
			for (int seq = 0; seq < 2; seq++) {
				http.post().uri("/api/events/orders?key=full").contentType(MediaType.APPLICATION_JSON)
					.body("{\"seq\": " + seq + "}").exchange().expectStatus().isAccepted();
			}
			http.post().uri("/api/events/orders?key=full").contentType(MediaType.APPLICATION_JSON).body("{\"seq\": 2}")
				.exchange()
				.expectStatus().isEqualTo(503)
				.expectHeader().exists(HttpHeaders.RETRY_AFTER)
				.expectBody().jsonPath("$.error").value((String error) -> assertThat(error).contains("max-pending"));
			String metrics = http.get().uri("/actuator/prometheus").exchange().returnResult(String.class)
				.getResponseBody();
			assertThat(metrics).contains("mesh_events_rejected_total{reason=\"outbox-full\"} 1.0")
				.contains("mesh_outbox_pending 2.0")
				.containsPattern("mesh_outbox_oldest_seconds [0-9.]+");
		}
		finally {
			kafkaProxy.setMode(TcpProxy.Mode.PASS);
		}
	}

	private static Map<String, Object> post(String topic, String key, int seq) {
		@SuppressWarnings("unchecked")
		Map<String, Object> answer = host.http()
			.post()
			.uri("/api/events/" + topic + ((key != null) ? "?key=" + key : ""))
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"seq\": " + seq + "}")
			.exchange()
			.expectStatus().isAccepted()
			.returnResult(Map.class)
			.getResponseBody();
		return answer;
	}

	private static void sql(String statement) {
		String url = "jdbc:postgresql://localhost:" + EmbeddedBackends.postgresPort() + "/" + DATABASE;
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement jdbc = connection.createStatement()) {
			jdbc.execute(statement);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static <T> T timed(Supplier<T> call) {
		long began = System.nanoTime();
		T result = call.get();
		assertThat((System.nanoTime() - began) / 1_000_000).as("answer time in ms").isLessThan(2_000);
		return result;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> deadLetters() {
		Map<String, Object> answer = admin(host.http().get().uri("/admin/events/dead-letters")).exchange()
			.expectStatus().isOk()
			.returnResult(Map.class)
			.getResponseBody();
		return (List<Map<String, Object>>) answer.get("deadLetters");
	}

	private static <S extends RestTestClient.RequestHeadersSpec<?>> S admin(S request) {
		request.header(HttpHeaders.AUTHORIZATION, "Bearer " + MeshTestProperties.ADMIN_TOKEN);
		return request;
	}

	private static String prometheus() {
		return host.http().get().uri("/actuator/prometheus").exchange().returnResult(String.class).getResponseBody();
	}

	private static void awaitStatus(String service, String status) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> host.http().get().uri("/health/service/" + service)
			.exchange().expectBody().jsonPath("$.status").isEqualTo(status));
	}

}
