package ai.xseven.mesh.support;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Local HTTP servers that answer like the language-model and voice providers' real APIs (their
 * paths, bodies and headers), for tests and the development host, which need no real key.
 */
public final class ProviderStubs {

	/** The stand-in key the stubs accept. */
	public static final String API_KEY = "sk-stand-in-key";

	public static final String MODEL = "gpt-4o-mini";

	public static final String VOICE_ID = "stand-in-voice";

	/** What the stub providers say: the first bytes of an MP3 frame and some payload. */
	public static final byte[] OPENAI_AUDIO = { (byte) 0xFF, (byte) 0xF3, 0x44, (byte) 0xC4, 'o', 'a', 'i' };

	public static final byte[] ELEVENLABS_AUDIO = { (byte) 0xFF, (byte) 0xF3, 0x44, (byte) 0xC4, 'x', 'i' };

	private ProviderStubs() {
	}

	/**
	 * A stub server on a free port, not yet stubbed.
	 * @return the started server
	 */
	public static WireMockServer start() {
		WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
		server.start();
		return server;
	}

	/**
	 * A stub server that answers every provider call successfully.
	 * @return the started server
	 */
	public static WireMockServer startAnswering() {
		WireMockServer server = start();
		stubModels(server);
		server.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(chatAnswer("This is the stub model's answer.")));
		stubOpenAiVoice(server);
		stubElevenLabs(server);
		return server;
	}

	/**
	 * OpenAI's speech and transcription endpoints, answering successfully.
	 * @param server the server
	 */
	public static void stubOpenAiVoice(WireMockServer server) {
		stubModels(server);
		server.stubFor(post(urlPathEqualTo("/v1/audio/speech")).willReturn(audio(OPENAI_AUDIO)));
		server.stubFor(post(urlPathEqualTo("/v1/audio/transcriptions"))
			.willReturn(json("{\"text\": \"This is the stub transcript.\"}")));
	}

	/**
	 * ElevenLabs' text-to-speech and user endpoints, answering successfully.
	 * @param server the server
	 */
	public static void stubElevenLabs(WireMockServer server) {
		server.stubFor(post(urlPathEqualTo("/v1/text-to-speech/" + VOICE_ID)).willReturn(audio(ELEVENLABS_AUDIO)));
		server.stubFor(get(urlPathEqualTo("/v1/user"))
			.willReturn(json("{\"subscription\": {\"tier\": \"free\", \"character_count\": 0}}")));
	}

	/**
	 * Points both voice providers at stubs on one base URL.
	 * @param baseUrl the stubs' base URL
	 * @return the properties
	 */
	public static Map<String, Object> voiceProperties(String baseUrl) {
		return Map.of("voice.openai.base-url", baseUrl, "voice.openai.api-key", API_KEY, "voice.elevenlabs.base-url",
				baseUrl, "voice.elevenlabs.api-key", API_KEY, "voice.voice-id", VOICE_ID);
	}

	public static ResponseDefinitionBuilder audio(byte[] bytes) {
		return aResponse().withStatus(200).withHeader("Content-Type", "audio/mpeg").withBody(bytes);
	}

	/**
	 * {@code GET /v1/models} listing {@value #MODEL}.
	 * @param server the server
	 */
	public static void stubModels(WireMockServer server) {
		server.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(json("""
				{"object": "list", "data": [{"id": "%s", "object": "model", "created": 1715367049, "owned_by": "system"}]}
				""".formatted(MODEL))));
	}

	/**
	 * A chat completion as OpenAI's API answers it.
	 * @param content the assistant's message
	 * @return the response
	 */
	public static ResponseDefinitionBuilder chatAnswer(String content) {
		return json("""
				{"id": "chatcmpl-stub", "object": "chat.completion", "created": 1715367049, "model": "%s",
				 "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s", "refusal": null},
				              "logprobs": null, "finish_reason": "stop"}],
				 "usage": {"prompt_tokens": 12, "completion_tokens": 6, "total_tokens": 18}}
				""".formatted(MODEL, content.replace("\\", "\\\\").replace("\"", "\\\"")));
	}

	/**
	 * An error as OpenAI's API answers it.
	 * @param status the HTTP status
	 * @param type the error type, e.g. {@code rate_limit_exceeded}
	 * @return the response
	 */
	public static ResponseDefinitionBuilder error(int status, String type) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
				{"error": {"message": "stubbed %s", "type": "%s", "param": null, "code": "%s"}}
				""".formatted(type, type, type));
	}

	public static ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

}
