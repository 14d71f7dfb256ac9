package ai.xseven.mesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.support.MeshHost;
import ai.xseven.mesh.support.ProviderStubs;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code dspy} service against a local stub of an OpenAI-compatible API that answers with
 * the real API's formats and failure modes: successes, 500s, timeouts, 429s with
 * {@code Retry-After}, malformed bodies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DspyIntegrationTests {

	static final String CHAT = "/v1/chat/completions";

	static final JsonMapper json = JsonMapper.builder().build();

	static WireMockServer provider;

	static Path trainingData;

	static MeshHost host;

	static RestTestClient http;

	@BeforeAll
	static void startHost() throws IOException {
		provider = ProviderStubs.start();
		trainingData = Files.createTempFile("dspy-examples", ".jsonl");
		Files.writeString(trainingData, """
				{"input": "2+2", "output": "4"}
				{"input": "capital of France", "output": "Paris"}

				{"input": "colour of the sky", "output": "blue"}
				""");
		host = MeshHost.start(properties(Map.of("dspy.training-data-path", trainingData.toString())));
		http = host.http();
	}

	static Map<String, Object> properties(Map<String, Object> more) {
		Map<String, Object> properties = new LinkedHashMap<>(Map.of("dspy.base-url", provider.baseUrl(),
				"dspy.timeout", "3s", "dspy.retry-backoff", "100ms",
				"circuit-breakers.dspy.minimum-number-of-calls", "4", "circuit-breakers.dspy.sliding-window-size", "4",
				"circuit-breakers.dspy.wait-duration-in-open-state", "1s",
				"circuit-breakers.dspy.permitted-number-of-calls-in-half-open-state", "2"));
		properties.putAll(more);
		return properties;
	}

	@AfterAll
	static void stopHost() throws IOException {
		host.close();
		provider.stop();
		Files.deleteIfExists(trainingData);
	}

	@BeforeEach
	void resetProviderAndBreaker() {
		provider.resetAll();
		ProviderStubs.stubModels(provider);
		breaker().reset();
	}

	@Test
	void predictionSendsTheExamplesAsDemonstrationsWithTheKey() {
		provider.stubFor(post(urlPathEqualTo(CHAT)).willReturn(ProviderStubs.chatAnswer("4")));
		predict("what is 2+2?").expectStatus().isOk()
			.expectBody()
			.jsonPath("$.output").isEqualTo("4")
			.jsonPath("$.model").isEqualTo(ProviderStubs.MODEL)
			.jsonPath("$.degraded").isEqualTo(false);
		provider.verify(postRequestedFor(urlPathEqualTo(CHAT))
			.withHeader("Authorization", equalTo("Bearer " + ProviderStubs.API_KEY)));
		assertThat(userMessages(lastChatBody())).containsExactly("2+2", "capital of France", "colour of the sky",
				"what is 2+2?");
		awaitDspyUp();
	}

	@Test
	void serverErrorGetsOneMoreAttempt() {
		provider.stubFor(post(urlPathEqualTo(CHAT)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(ProviderStubs.error(500, "server_error")).willSetStateTo("recovered"));
		provider.stubFor(post(urlPathEqualTo(CHAT)).inScenario("flaky").whenScenarioStateIs("recovered")
			.willReturn(ProviderStubs.chatAnswer("second time lucky")));
		predict("flaky question").expectStatus().isOk().expectBody().jsonPath("$.output").isEqualTo("second time lucky");
		assertThat(chatRequests()).isEqualTo(2);
	}

	@Test
	void persistentServerErrorsAreAttemptedTwiceThenRefused() {
		provider.stubFor(post(urlPathEqualTo(CHAT)).willReturn(ProviderStubs.error(503, "overloaded")));
		predict("never answered").expectStatus().isEqualTo(503)
			.expectHeader().valueEquals("Retry-After", "1")
			.expectBody().jsonPath("$.error").value((String error) -> assertThat(error).contains("no earlier answer"));
		assertThat(chatRequests()).isEqualTo(2);
	}

	@Test
	void rateLimitIsRetriedAfterRetryAfterWhileTheDeadlineAllows() {
		provider.stubFor(post(urlPathEqualTo(CHAT)).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(ProviderStubs.error(429, "rate_limit_exceeded").withHeader("Retry-After", "1"))
			.willSetStateTo("allowed"));
		provider.stubFor(post(urlPathEqualTo(CHAT)).inScenario("limited").whenScenarioStateIs("allowed")
			.willReturn(ProviderStubs.chatAnswer("after the wait")));
		predict("limited question").expectStatus().isOk().expectBody().jsonPath("$.output").isEqualTo("after the wait");
		List<Long> times = provider.findAll(postRequestedFor(urlPathEqualTo(CHAT)))
			.stream()
			.map((request) -> request.getLoggedDate().getTime())
			.toList();
		assertThat(times).hasSize(2);
		assertThat(times.get(1) - times.get(0)).as("wait in ms").isGreaterThanOrEqualTo(1_000);
	}

	@Test
	void rateLimitsAloneDoNotOpenTheBreaker() {
		// Retry-After beyond the 3 s deadline: no retry, and no failure counted either.
		provider.stubFor(post(urlPathEqualTo(CHAT))
			.willReturn(ProviderStubs.error(429, "rate_limit_exceeded").withHeader("Retry-After", "60")));
		for (int i = 0; i < 6; i++) {
			predict("limited " + i).expectStatus().isEqualTo(503);
		}
		assertThat(chatRequests()).isEqualTo(6);
		assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void timeoutIsAttemptedTwiceWithinTheDeadline() {
		provider.stubFor(post(urlPathEqualTo(CHAT)).willReturn(ProviderStubs.chatAnswer("too late").withFixedDelay(2_500)));
		predict("slow question").expectStatus().isEqualTo(503);
		assertThat(chatRequests()).isEqualTo(2);
	}

	@Test
	void malformedAnswerIsAFailure() {
		provider.stubFor(post(urlPathEqualTo(CHAT)).willReturn(
				aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"choices\": [tru")));
		predict("garbled question").expectStatus().isEqualTo(503);
		assertThat(breaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void openBreakerFallsBackToTheLastGoodAnswerFailsFastAndHalfOpenProbesCloseIt() {
		provider.stubFor(post(urlPathEqualTo(CHAT)).willReturn(ProviderStubs.chatAnswer("kept answer")));
		predict("remembered question").expectStatus().isOk();

		provider.resetAll();
		ProviderStubs.stubModels(provider);
		provider.stubFor(post(urlPathEqualTo(CHAT)).willReturn(ProviderStubs.error(500, "server_error")));
		predict("first failing question").expectStatus().isEqualTo(503);
		predict("second failing question").expectStatus().isEqualTo(503);
		assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int requestsWhenOpened = chatRequests();

		predict("remembered question").expectStatus().isOk()
			.expectBody()
			.jsonPath("$.output").isEqualTo("kept answer")
			.jsonPath("$.degraded").isEqualTo(true);
		predict("unknown question").expectStatus().isEqualTo(503).expectHeader().valueEquals("Retry-After", "1");
		assertThat(chatRequests()).as("no call reaches the provider while open").isEqualTo(requestsWhenOpened);

		provider.stubFor(post(urlPathEqualTo(CHAT)).willReturn(ProviderStubs.chatAnswer("back again")));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> breaker().getState() == CircuitBreaker.State.HALF_OPEN);
		predict("probe one").expectStatus().isOk();
		predict("probe two").expectStatus().isOk();
		assertThat(breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	// Last: the trained set it stores replaces the training data for every later prediction.
	@Test
	@Order(Integer.MAX_VALUE)
	void trainingStoresTheExamplesTheModelReproducesAndPredictionsUseThem() {
		provider.stubFor(post(urlPathEqualTo(CHAT)).willReturn(ProviderStubs.chatAnswer("no idea")));
		provider.stubFor(post(urlPathEqualTo(CHAT)).atPriority(1)
			.andMatching((request) -> MatchResult.of(lastUserMessage(request.getBodyAsString()).equals("2+2")))
			.willReturn(ProviderStubs.chatAnswer(" 4 ")));
		String workflowId = http.post().uri("/api/dspy/train").exchange()
			.expectStatus().isAccepted()
			.returnResult(Map.class).getResponseBody().get("workflowId").toString();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.get().uri("/api/workflows/" + workflowId)
			.exchange()
			.expectBody()
			.jsonPath("$.status").isEqualTo("COMPLETED")
			.jsonPath("$.result.examples").isEqualTo(3)
			.jsonPath("$.result.passed").isEqualTo(1));

		predict("after training").expectStatus().isOk();
		assertThat(userMessages(lastChatBody())).containsExactly("2+2", "after training");
	}

	@Test
	void unusableTrainingDataOrNoKeyLeavesTheServiceDownWithTheReason() throws IOException {
		Path broken = Files.createTempFile("dspy-broken", ".jsonl");
		Files.writeString(broken, "{\"input\": \"a\", \"output\": \"b\"}\n{\"input\": 42}\n");
		try (MeshHost other = MeshHost.start(properties(Map.of("dspy.training-data-path", broken.toString())))) {
			other.http().get().uri("/health/service/dspy").exchange()
				.expectStatus().isEqualTo(503)
				.expectBody()
				.jsonPath("$.state").isEqualTo("FAILED")
				.jsonPath("$.error").value((String error) -> assertThat(error).contains(broken.toString())
					.contains("line 2"));
		}
		finally {
			Files.deleteIfExists(broken);
		}
		try (MeshHost other = MeshHost.start(properties(Map.of("dspy.api-key", "")))) {
			other.http().get().uri("/health/service/dspy").exchange()
				.expectStatus().isEqualTo(503)
				.expectBody().jsonPath("$.error").isEqualTo("no API key configured");
		}
	}

	private static RestTestClient.ResponseSpec predict(String input) {
		return http.post().uri("/api/dspy/predict").contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("input", input)).exchange();
	}

	private static void awaitDspyUp() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/health/service/dspy").exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.details.examples").isEqualTo(3));
	}

	private static CircuitBreaker breaker() {
		return host.bean(CircuitManager.class).breaker("dspy");
	}

	private static int chatRequests() {
		return provider.findAll(postRequestedFor(urlPathEqualTo(CHAT))).size();
	}

	private static String lastChatBody() {
		List<LoggedRequest> requests = provider
			.findAll(postRequestedFor(urlPathEqualTo(CHAT)));
		return requests.get(requests.size() - 1).getBodyAsString();
	}

	private static List<String> userMessages(String body) {
		JsonNode messages = json.readTree(body).get("messages");
		return messages.valueStream()
			.filter((message) -> "user".equals(message.get("role").asString()))
			.map((message) -> message.get("content").asString())
			.toList();
	}

	private static String lastUserMessage(String body) {
		List<String> messages = userMessages(body);
		return messages.isEmpty() ? "" : messages.get(messages.size() - 1);
	}

}
