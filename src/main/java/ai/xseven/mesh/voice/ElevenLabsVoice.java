package ai.xseven.mesh.voice;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * ElevenLabs' text-to-speech API ({@code POST /v1/text-to-speech/{voice_id}}) through Spring's
 * {@code RestClient}.
 */
class ElevenLabsVoice {

	static final String NAME = "elevenlabs";

	private final RestClient client;

	private final VoiceProperties.ElevenLabs properties;

	// Bounded by the health timeout in force: made anew when that changes.
	private final AtomicReference<ProbeClient> probeClient = new AtomicReference<>();

	private final String voiceId;

	private final String modelId;

	ElevenLabsVoice(VoiceProperties.ElevenLabs properties, String voiceId, Duration attemptTimeout,
			Duration healthTimeout) {
		this.voiceId = voiceId;
		this.modelId = properties.getModelId();
		this.properties = properties;
		this.client = client(properties, attemptTimeout);
		this.probeClient.set(new ProbeClient(healthTimeout, client(properties, healthTimeout)));
	}

	// HTTP/1.1: over plain HTTP (a local stand-in), the JDK client's h2c upgrade of a POST loses its body.
	private static RestClient client(VoiceProperties.ElevenLabs properties, Duration timeout) {
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build());
		requestFactory.setReadTimeout(timeout);
		return RestClient.builder()
			.baseUrl(OpenAiVoice.stripSlash(properties.getBaseUrl()))
			.defaultHeader("xi-api-key", properties.getApiKey())
			.requestFactory(requestFactory)
			.build();
	}

	byte[] synthesize(String text) {
		byte[] audio = this.client.post()
			.uri("/v1/text-to-speech/{voiceId}", this.voiceId)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.valueOf("audio/mpeg"))
			.body(Map.of("text", text, "model_id", this.modelId))
			.retrieve()
			.body(byte[].class);
		if (audio == null || audio.length == 0) {
			throw new IllegalStateException("elevenlabs answered without audio");
		}
		return audio;
	}

	/**
	 * Asks for the account, straight and not through a breaker: the API answers and the key is
	 * accepted.
	 * @param timeout how long to wait, the health timeout in force
	 */
	void probe(Duration timeout) {
		ProbeClient current = this.probeClient.updateAndGet((probe) -> probe.timeout().equals(timeout) ? probe
				: new ProbeClient(timeout, client(this.properties, timeout)));
		current.client().get().uri("/v1/user").retrieve().toBodilessEntity();
	}

	private record ProbeClient(Duration timeout, RestClient client) {
	}

}
