package ai.xseven.mesh;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.support.MeshHost;
import ai.xseven.mesh.support.ProviderStubs;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.servlet.client.RestTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code voice} service against local stubs of OpenAI's and ElevenLabs' APIs: the primary
 * text-to-speech provider, the fallback to the other one, the breakers per provider and
 * direction, speech to text, and health.
 */
class VoiceIntegrationTests {

	static final String ELEVENLABS_TTS = "/v1/text-to-speech/" + ProviderStubs.VOICE_ID;

	static WireMockServer openAi;

	static WireMockServer elevenLabs;

	static MeshHost host;

	static RestTestClient http;

	@BeforeAll
	static void startHost() {
		openAi = ProviderStubs.start();
		elevenLabs = ProviderStubs.start();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("voice.openai.base-url", openAi.baseUrl());
		properties.put("voice.elevenlabs.base-url", elevenLabs.baseUrl());
		properties.put("voice.timeout", "4s");
		properties.put("voice.retry-backoff", "100ms");
		properties.put("circuit-breakers.voice-tts-elevenlabs.minimum-number-of-calls", "2");
		properties.put("circuit-breakers.voice-tts-elevenlabs.sliding-window-size", "2");
		properties.put("circuit-breakers.voice-tts-elevenlabs.wait-duration-in-open-state", "30s");
		host = MeshHost.start(properties);
		http = host.http();
	}

	@AfterAll
	static void stopHost() {
		host.close();
		openAi.stop();
		elevenLabs.stop();
	}

	@BeforeEach
	void answerAgain() {
		openAi.resetAll();
		elevenLabs.resetAll();
		ProviderStubs.stubOpenAiVoice(openAi);
		ProviderStubs.stubElevenLabs(elevenLabs);
		host.bean(CircuitManager.class).getAllBreakers().values().forEach(CircuitBreaker::reset);
	}

	@Test
	void speechComesFromElevenLabsWithTheVoiceAndKey() {
		byte[] audio = speak("Hello there").expectStatus().isOk()
			.expectHeader().valueEquals("X-Voice-Provider", "elevenlabs")
			.expectHeader().contentType("audio/mpeg")
			.returnResult(byte[].class).getResponseBody();
		assertThat(audio).isEqualTo(ProviderStubs.ELEVENLABS_AUDIO);
		elevenLabs.verify(postRequestedFor(urlPathEqualTo(ELEVENLABS_TTS))
			.withHeader("xi-api-key", equalTo(ProviderStubs.API_KEY))
			.withRequestBody(equalToJson("{\"text\": \"Hello there\", \"model_id\": \"eleven_multilingual_v2\"}")));
	}

	@Test
	void failingElevenLabsFallsBackToOpenAi() {
		elevenLabs.stubFor(post(urlPathEqualTo(ELEVENLABS_TTS)).willReturn(ProviderStubs.error(500, "server_error")));
		byte[] audio = speak("Fallback please").expectStatus().isOk()
			.expectHeader().valueEquals("X-Voice-Provider", "openai")
			.returnResult(byte[].class).getResponseBody();
		assertThat(audio).isEqualTo(ProviderStubs.OPENAI_AUDIO);
		assertThat(requests(elevenLabs, ELEVENLABS_TTS)).as("attempts at ElevenLabs").isEqualTo(2);
		openAi.verify(postRequestedFor(urlPathEqualTo("/v1/audio/speech"))
			.withRequestBody(containing("Fallback please")));
	}

	@Test
	void slowElevenLabsFallsBackToOpenAiWithinTheDeadline() {
		elevenLabs.stubFor(post(urlPathEqualTo(ELEVENLABS_TTS))
			.willReturn(ProviderStubs.audio(ProviderStubs.ELEVENLABS_AUDIO).withFixedDelay(3_000)));
		speak("Too slow").expectStatus().isOk().expectHeader().valueEquals("X-Voice-Provider", "openai");
	}

	@Test
	void openElevenLabsBreakerSendsSpeechStraightToOpenAi() {
		elevenLabs.stubFor(post(urlPathEqualTo(ELEVENLABS_TTS)).willReturn(ProviderStubs.error(503, "overloaded")));
		speak("one").expectStatus().isOk();
		assertThat(breaker("voice-tts-elevenlabs").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int attempts = requests(elevenLabs, ELEVENLABS_TTS);
		speak("two").expectStatus().isOk().expectHeader().valueEquals("X-Voice-Provider", "openai");
		assertThat(requests(elevenLabs, ELEVENLABS_TTS)).as("no call while open").isEqualTo(attempts);
		http.get().uri("/health/system").exchange()
			.expectBody().jsonPath("$.services.voice.circuitBreaker").isEqualTo("OPEN");
	}

	@Test
	void rateLimitsAloneDoNotOpenTheElevenLabsBreaker() {
		elevenLabs.stubFor(post(urlPathEqualTo(ELEVENLABS_TTS))
			.willReturn(ProviderStubs.error(429, "too_many_requests").withHeader("Retry-After", "60")));
		for (int i = 0; i < 4; i++) {
			speak("limited " + i).expectStatus().isOk().expectHeader().valueEquals("X-Voice-Provider", "openai");
		}
		assertThat(breaker("voice-tts-elevenlabs").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker("voice-tts-elevenlabs").getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void bothProvidersDownIsRefusedWithTheReasons() {
		elevenLabs.stubFor(post(urlPathEqualTo(ELEVENLABS_TTS)).willReturn(ProviderStubs.error(500, "server_error")));
		openAi.stubFor(post(urlPathEqualTo("/v1/audio/speech")).willReturn(ProviderStubs.error(500, "server_error")));
		speak("nobody home").expectStatus().isEqualTo(503)
			.expectHeader().exists("Retry-After")
			.expectBody().jsonPath("$.error").value((String error) -> assertThat(error)
				.startsWith("No text-to-speech provider could answer").contains("elevenlabs: ").contains("openai: "));
	}

	@Test
	void speechToTextTranscribesTheUploadedFileAndWaitsOutARateLimit() {
		openAi.stubFor(post(urlPathEqualTo("/v1/audio/transcriptions")).inScenario("limited")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(ProviderStubs.error(429, "rate_limit_exceeded").withHeader("Retry-After", "1"))
			.willSetStateTo("allowed"));
		openAi.stubFor(post(urlPathEqualTo("/v1/audio/transcriptions")).inScenario("limited")
			.whenScenarioStateIs("allowed")
			.willReturn(ProviderStubs.json("{\"text\": \"hello from the stub\"}")));
		// Large enough to be streamed in many reads, from the upload's temporary file, once per attempt.
		byte[] audio = new byte[3 * 1024 * 1024];
		new Random(7).nextBytes(audio);
		MultipartBodyBuilder body = new MultipartBodyBuilder();
		body.part("file", new ByteArrayResource(audio) {

			@Override
			public String getFilename() {
				return "greeting.mp3";
			}

		});
		http.post().uri("/api/voice/stt").contentType(MediaType.MULTIPART_FORM_DATA).body(body.build()).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.text").isEqualTo("hello from the stub");
		assertThat(requests(openAi, "/v1/audio/transcriptions")).isEqualTo(2);
		assertThat(openAi.findAll(postRequestedFor(urlPathEqualTo("/v1/audio/transcriptions"))))
			.as("each attempt sends the whole upload")
			.hasSize(2)
			.allSatisfy((request) -> assertThat(request.getPart("file").getBody().asBytes()).isEqualTo(audio));
		http.post().uri("/api/voice/stt").contentType(MediaType.MULTIPART_FORM_DATA)
			.body(new MultipartBodyBuilder().build()).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.details[0].field").isEqualTo("file");
	}

	@Test
	void healthIsUpWhileSpeechToTextAndOneTextToSpeechProviderWork() {
		// A scheduled check may be in flight from before the stubs changed: wait for a fresh one.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/health/service/voice?refresh=true")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.details['stt-openai'].status").isEqualTo("UP")
			.jsonPath("$.details['tts-elevenlabs'].status").isEqualTo("UP")
			.jsonPath("$.details['tts-openai'].circuitBreaker").isEqualTo("CLOSED"));

		elevenLabs.stubFor(get(urlPathEqualTo("/v1/user")).willReturn(ProviderStubs.error(401, "invalid_api_key")));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/health/service/voice?refresh=true")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.details['tts-elevenlabs'].status").isEqualTo("DOWN"));

		openAi.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(ProviderStubs.error(500, "server_error")));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.get().uri("/health/service/voice?refresh=true")
			.exchange()
			.expectStatus().isEqualTo(503)
			.expectBody()
			.jsonPath("$.status").isEqualTo("DOWN")
			.jsonPath("$.error").value((String error) -> assertThat(error).contains("speech to text")
				.contains("no text-to-speech provider works")));
	}

	private static RestTestClient.ResponseSpec speak(String text) {
		return http.post().uri("/api/voice/tts").contentType(MediaType.APPLICATION_JSON).body(Map.of("text", text))
			.exchange();
	}

	private static CircuitBreaker breaker(String name) {
		return host.bean(CircuitManager.class).getAllBreakers().get(name);
	}

	private static int requests(WireMockServer server, String path) {
		return server.findAll(postRequestedFor(urlPathEqualTo(path))).size();
	}

}
