package ai.xseven.mesh.voice;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.support.ProviderStubs;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The ElevenLabs probe waits as long as the health timeout in force, not the one the client was
 * made with.
 */
class ElevenLabsVoiceTests {

	private WireMockServer server;

	private ElevenLabsVoice voice;

	@BeforeEach
	void start() {
		this.server = ProviderStubs.start();
		this.server.stubFor(get(urlPathEqualTo("/v1/user")).willReturn(ProviderStubs.json("{}").withFixedDelay(800)));
		VoiceProperties.ElevenLabs properties = new VoiceProperties.ElevenLabs();
		properties.setBaseUrl(this.server.baseUrl());
		properties.setApiKey(ProviderStubs.API_KEY);
		this.voice = new ElevenLabsVoice(properties, ProviderStubs.VOICE_ID, Duration.ofSeconds(5),
				Duration.ofMillis(200));
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void aProbeWaitsForTheHealthTimeoutInForce() {
		assertThatException().isThrownBy(() -> this.voice.probe(Duration.ofMillis(200)));
		// health.timeout raised at runtime: the probe now waits for the slow answer.
		assertThatNoException().isThrownBy(() -> this.voice.probe(Duration.ofSeconds(4)));
		assertThatException().isThrownBy(() -> this.voice.probe(Duration.ofMillis(300)));
	}

}
