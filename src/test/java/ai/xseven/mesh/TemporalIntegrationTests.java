package ai.xseven.mesh;

import java.time.Duration;
import java.util.Map;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.MeshHost;
import ai.xseven.mesh.support.TcpProxy;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A workflow defined here runs end to end on Temporal's test server through the host's API;
 * with the server cut off, Temporal is DOWN, its breaker opens after the configured failures,
 * starts are refused at once, and everything recovers when the server is back.
 */
class TemporalIntegrationTests {

	static final TcpProxy proxy = new TcpProxy("127.0.0.1", EmbeddedBackends.temporalPort(), TcpProxy.Mode.PASS);

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@Test
	void workflowRunsEndToEndAndStartsFailFastWhileTemporalIsAway() {
		Map<String, Object> properties = Map.of("temporal.host", "127.0.0.1", "temporal.port", proxy.getPort(),
				"temporal.rpc-timeout", "1s", "circuit-breakers.temporal.minimum-number-of-calls", "3",
				"circuit-breakers.temporal.sliding-window-size", "3",
				"circuit-breakers.temporal.wait-duration-in-open-state", "2s");
		try (MeshHost host = MeshHost.start(properties, Greetings.class)) {
			RestTestClient http = host.http();
			awaitTemporal(http, "UP");
			String workflowId = start(http, "Ada");
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> http.get().uri("/api/workflows/" + workflowId)
				.exchange()
				.expectStatus().isOk()
				.expectBody()
				.jsonPath("$.status").isEqualTo("COMPLETED")
				.jsonPath("$.type").isEqualTo("GreetingWorkflow")
				.jsonPath("$.result.greeting").isEqualTo("Hello, Ada"));
			http.post().uri("/api/workflows/NoSuchWorkflow").contentType(MediaType.APPLICATION_JSON).body("{}")
				.exchange().expectStatus().isNotFound();
			// The type is known to be missing before the body is read, let alone parsed.
			http.post().uri("/api/workflows/NoSuchWorkflow").contentType(MediaType.APPLICATION_JSON).body("{not json")
				.exchange().expectStatus().isNotFound();
			String deep = "{\"name\": " + "[".repeat(65) + "]".repeat(65) + "}";
			http.post().uri("/api/workflows/GreetingWorkflow").contentType(MediaType.APPLICATION_JSON).body(deep)
				.exchange()
				.expectStatus().isBadRequest()
				.expectBody().jsonPath("$.details[0].field").isEqualTo("body")
				.jsonPath("$.details[0].message").value((String message) -> assertThat(message).contains("depth"));
			// White space only is a start without an argument, as an empty body is.
			http.post().uri("/api/workflows/GreetingWorkflow").contentType(MediaType.APPLICATION_JSON).body(" \n")
				.exchange().expectStatus().isAccepted();
			http.get().uri("/api/workflows/no-such-id").exchange().expectStatus().isNotFound();

			proxy.setMode(TcpProxy.Mode.RESET);
			awaitTemporal(http, "DOWN");
			for (int i = 0; i < 3; i++) {
				http.post().uri("/api/workflows/GreetingWorkflow").contentType(MediaType.APPLICATION_JSON)
					.body("{\"name\": \"Bo\"}")
					.exchange().expectStatus().isEqualTo(503);
			}
			http.get().uri("/health/circuit-breakers").exchange()
				.expectBody().jsonPath("$.breakers.temporal.state").isEqualTo("OPEN");
			long began = System.nanoTime();
			http.post().uri("/api/workflows/GreetingWorkflow").contentType(MediaType.APPLICATION_JSON)
				.body("{\"name\": \"Bo\"}")
				.exchange()
				.expectStatus().isEqualTo(503)
				.expectHeader().valueEquals("Retry-After", "2")
				.expectBody().jsonPath("$.error").value((String error) -> assertThat(error).contains("circuit breaker open"));
			long refusedInMs = (System.nanoTime() - began) / 1_000_000;
			assertThat(refusedInMs).as("refusal time in ms, against a 1000 ms RPC timeout").isLessThan(500);

			proxy.setMode(TcpProxy.Mode.PASS);
			awaitTemporal(http, "UP");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.post()
				.uri("/api/workflows/GreetingWorkflow")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"name\": \"Cy\"}")
				.exchange()
				.expectStatus().isAccepted());
		}
	}

	private static String start(RestTestClient http, String name) {
		Map<?, ?> started = http.post().uri("/api/workflows/GreetingWorkflow").contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"" + name + "\"}")
			.exchange()
			.expectStatus().isAccepted()
			.returnResult(Map.class).getResponseBody();
		assertThat((String) started.get("workflowId")).startsWith("GreetingWorkflow-");
		return (String) started.get("workflowId");
	}

	private static void awaitTemporal(RestTestClient http, String status) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.get().uri("/health/service/temporal").exchange()
			.expectBody().jsonPath("$.status").isEqualTo(status));
	}

	@WorkflowInterface
	public interface GreetingWorkflow {

		@WorkflowMethod
		Greeting greet(Person person);

	}

	@ActivityInterface
	public interface GreetingActivities {

		String compose(String name);

	}

	public record Person(String name) {
	}

	public record Greeting(String greeting) {
	}

	public static class GreetingWorkflowImpl implements GreetingWorkflow {

		private final GreetingActivities activities = Workflow.newActivityStub(GreetingActivities.class,
				ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

		@Override
		public Greeting greet(Person person) {
			return new Greeting(this.activities.compose(person.name()));
		}

	}

	static class ComposingActivities implements GreetingActivities {

		@Override
		public String compose(String name) {
			return "Hello, " + name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Greetings {

		@Bean
		@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
		GreetingWorkflowImpl greetingWorkflow() {
			return new GreetingWorkflowImpl();
		}

		@Bean
		ComposingActivities greetingActivities() {
			return new ComposingActivities();
		}

	}

}
