package ai.xseven.mesh;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.PackagedHost;
import ai.xseven.mesh.support.PackagedHost.Answer;
import ai.xseven.mesh.support.PackagedHost.Jdk;
import ai.xseven.mesh.support.StandaloneBackends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probe port ({@code MESH_PROBE_PORT}) of the packaged jar: it answers probes and scrapes
 * while every thread of the main port is held, and nothing else.
 */
class ProbePortIntegrationTests {

	static final Path WORK = Path.of("target", "probe-port");

	// Two request threads on the main port, both to be held by bodies that never arrive.
	static final int MAIN_THREADS = 2;

	@Test
	void theProbePortAnswersProbesWhileTheMainPortHasNoThreadLeftAndServesNothingElse() throws IOException {
		int probePort = PackagedHost.freePort();
		Map<String, String> environment = new LinkedHashMap<>(StandaloneBackends.environment());
		environment.put("DATABASE_NAME", EmbeddedBackends.createDatabase("probe_port"));
		environment.put("ADMIN_TOKEN", "probe-port-admin-token");
		environment.put("MESH_PROBE_PORT", String.valueOf(probePort));
		environment.put("SERVER_TOMCAT_THREADS_MAX", String.valueOf(MAIN_THREADS));
		environment.put("SERVER_TOMCAT_THREADS_MIN_SPARE", "1");
		Jdk jdk = Jdk.configured().get(0);
		try (PackagedHost host = PackagedHost.start(jdk, PackagedJarIntegrationTests.JAR, environment, WORK)) {
			await().atMost(Duration.ofSeconds(90))
				.until(() -> probe(host, probePort, "/health/system").body().contains("\"status\":\"UP\""));
			assertThat(host.get("/health/system").status()).isEqualTo(200);

			List<Socket> held = new ArrayList<>();
			try {
				for (int i = 0; i < MAIN_THREADS; i++) {
					held.add(postWithoutItsBody(host));
				}
				// Once both requests have their threads, the main port answers nothing within 5 s.
				await().atMost(Duration.ofSeconds(30)).until(() -> host.get("/health/system").status() == -1);
				Answer health = probe(host, probePort, "/health/system");
				assertThat(health.status()).isEqualTo(200);
				assertThat(health.body()).contains("\"status\":\"UP\"");
				assertThat(probe(host, probePort, "/actuator/health/readiness").status()).isEqualTo(200);
				assertThat(probe(host, probePort, "/actuator/prometheus").body()).contains("mesh_service_up");
			}
			finally {
				for (Socket socket : held) {
					socket.close();
				}
			}

			Answer event = host.send(HttpRequest.newBuilder(probeUri(probePort, "/api/events/probe-port?key=k"))
				.timeout(Duration.ofSeconds(5))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"a\": 1}"))
				.build());
			assertThat(event.status()).isEqualTo(404);
			assertThat(event.body()).contains("mesh.probe-port");
			assertThat(probe(host, probePort, "/admin/config").status()).isEqualTo(404);
			// Exposed on the main port, to the admin token only.
			assertThat(host.get("/actuator/loggers").status()).isEqualTo(401);
			assertThat(probe(host, probePort, "/actuator/loggers").status()).isEqualTo(404);
			assertThat(host.stop(Duration.ofSeconds(30))).as("stopped within 30 s of SIGTERM").isTrue();
		}
	}

	private static Answer probe(PackagedHost host, int port, String path) {
		return host.send(HttpRequest.newBuilder(probeUri(port, path)).timeout(Duration.ofSeconds(2)).build());
	}

	private static URI probeUri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	// An event whose headers arrive and whose body does not: the request's thread waits to read it.
	private static Socket postWithoutItsBody(PackagedHost host) throws IOException {
		URI main = URI.create(host.url("/api/events/probe-port?key=k"));
		Socket socket = new Socket(main.getHost(), main.getPort());
		OutputStream out = socket.getOutputStream();
		out.write(("POST " + main.getRawPath() + "?" + main.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\": ")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

}
