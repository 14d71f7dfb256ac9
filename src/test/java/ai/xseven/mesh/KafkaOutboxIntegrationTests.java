package ai.xseven.mesh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.MeshHost;
import ai.xseven.mesh.support.TcpProxy;

import org.springframework.http.MediaType;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real KRaft broker that the host reaches through a proxy, which the test cuts and restores:
 * events published while the broker is away are queued in PostgreSQL, survive a host restart,
 * and reach a de-duplicating consumer exactly once, in order per key, once the broker is back.
 * The consumer is a listener inside the restarted host, on the host's own consumer wiring.
 */
class KafkaOutboxIntegrationTests {

	static final String topic = "orders-" + UUID.randomUUID().toString().substring(0, 8);

	// Pointed at the broker once it has bound its port.
	static final TcpProxy proxy = new TcpProxy("127.0.0.1", 1, TcpProxy.Mode.PASS);

	// Clients learn the broker's address from its metadata: it advertises the proxy.
	static final EmbeddedKafkaKraftBroker broker = startBroker();

	static EmbeddedKafkaKraftBroker startBroker() {
		EmbeddedKafkaKraftBroker started = EmbeddedBackends.startKafkaBehind(proxy, Map.of());
		started.addTopics(topic);
		return started;
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
		proxy.close();
	}

	// Spaces and characters beyond ASCII, which the outbox stores as text and gives back as bytes.
	static final String KEPT = "  \"kept\": \"as posted, Zo\u00EB \u2615 \uD83D\uDE00\"}";

	@Test
	void eventsQueuedWhileTheBrokerIsAwayAreDeliveredOnceInOrderPerKeyAcrossARestart() {
		Map<String, Object> properties = Map.of("kafka.bootstrap-servers", "127.0.0.1:" + proxy.getPort(),
				"kafka.outbox.relay-interval", "200ms");
		List<String> published = new ArrayList<>();
		try (MeshHost host = MeshHost.start(properties)) {
			RestTestClient http = host.http();
			awaitKafka(http, "UP");
			assertThat(publish(http, "a", 0, published)).isFalse();

			proxy.setMode(TcpProxy.Mode.RESET);
			awaitKafka(http, "DOWN");
			for (int seq = 1; seq <= 6; seq++) {
				long began = System.nanoTime();
				assertThat(publish(http, (seq % 2 == 0) ? "a" : "b", seq, published)).isTrue();
				assertThat((System.nanoTime() - began) / 1_000_000).as("answer time in ms").isLessThan(2_000);
			}
			assertThat(prometheus(http)).contains("mesh_outbox_pending 6.0");

			proxy.setMode(TcpProxy.Mode.PASS);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(prometheus(http)).contains("mesh_outbox_pending 0.0"));
			assertThat(prometheus(http)).contains("mesh_outbox_relayed_total 6.0");

			proxy.setMode(TcpProxy.Mode.RESET);
			awaitKafka(http, "DOWN");
			for (int seq = 7; seq <= 9; seq++) {
				assertThat(publish(http, "a", seq, published)).isTrue();
			}
		}
		// The host is stopped with three events queued; the broker comes back before the host.
		proxy.setMode(TcpProxy.Mode.PASS);
		Map<String, Object> withListener = new LinkedHashMap<>(properties);
		withListener.put("verifier.topic", topic);
		withListener.put("spring.kafka.consumer.auto-offset-reset", "earliest");
		try (MeshHost host = MeshHost.start(withListener, DeduplicatingConsumer.class)) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(prometheus(host.http())).contains("mesh_outbox_pending 0.0"));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> DeduplicatingConsumer.delivered.size() >= published.size());
		}

		Map<String, ConsumerRecord<String, String>> delivered = DeduplicatingConsumer.delivered;
		assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(published);
		assertThat(sequencesOf(delivered, "a")).containsExactly(0, 2, 4, 6, 7, 8, 9);
		assertThat(sequencesOf(delivered, "b")).containsExactly(1, 3, 5);
		// Sent as posted, byte for byte, whether straight to Kafka (0) or through the outbox (1 to 9).
		assertThat(delivered.values()).allSatisfy((record) -> assertThat(record.value()).startsWith("{\"seq\": ")
			.endsWith("," + KEPT));
	}

	private static boolean publish(RestTestClient http, String key, int seq, List<String> published) {
		Map<?, ?> answer = http.post()
			.uri("/api/events/" + topic + "?key=" + key)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"seq\": " + seq + "," + KEPT)
			.exchange()
			.expectStatus().isAccepted()
			.returnResult(Map.class)
			.getResponseBody();
		published.add((String) answer.get("id"));
		return (Boolean) answer.get("queued");
	}

	private static void awaitKafka(RestTestClient http, String status) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.get().uri("/health/service/kafka").exchange()
			.expectBody().jsonPath("$.status").isEqualTo(status));
	}

	private static String prometheus(RestTestClient http) {
		return http.get().uri("/actuator/prometheus").exchange().returnResult(String.class).getResponseBody();
	}

	private static List<Integer> sequencesOf(Map<String, ConsumerRecord<String, String>> delivered, String key) {
		return delivered.values()
			.stream()
			.filter((record) -> key.equals(record.key()))
			.sorted(Comparator.comparingLong(ConsumerRecord::offset))
			.map((record) -> Integer.parseInt(record.value().replaceAll("\\{\"seq\": (\\d+),.*", "$1")))
			.toList();
	}

	/**
	 * A consumer as X-Seven code writes one with the host's Kafka wiring: it keeps the first
	 * record of each event id and drops the duplicates that at-least-once delivery may bring.
	 */
	static class DeduplicatingConsumer {

		static final Map<String, ConsumerRecord<String, String>> delivered = new ConcurrentHashMap<>();

		@KafkaListener(topics = "${verifier.topic}", groupId = "verifier")
		void consume(ConsumerRecord<String, String> record) {
			Header id = record.headers().lastHeader("event-id");
			delivered.putIfAbsent(new String(id.value(), StandardCharsets.UTF_8), record);
		}

	}

}
