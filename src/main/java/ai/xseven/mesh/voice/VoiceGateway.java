package ai.xseven.mesh.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.Callable;

import io.micrometer.core.instrument.MeterRegistry;

import ai.xseven.mesh.metrics.MeshMeters;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.resilience.ProviderCallPolicy;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.InputStreamSource;

/**
 * Serves voice requests: text to speech from the configured provider, else from the other one
 * (when it fails or its breaker is open), and speech to text; every call through the breaker of
 * its provider and direction, the whole request within {@code voice.timeout}.
 */
public class VoiceGateway {

	static final String AUDIO_MPEG = "audio/mpeg";

	private final VoiceService service;

	private final Map<String, ProviderCallPolicy> policies;

	private final Supplier<Duration> timeout;

	private final MeterRegistry meterRegistry;

	VoiceGateway(VoiceService service, Map<String, ProviderCallPolicy> policies, Supplier<Duration> timeout,
			MeterRegistry meterRegistry) {
		this.service = service;
		this.policies = policies;
		this.timeout = timeout;
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Speaks a text.
	 * @param text the text
	 * @return the audio and the provider that spoke
	 * @throws VoiceUnavailableException when no provider could
	 */
	public Synthesis speak(String text) {
		VoiceService.Providers providers = running();
		long deadline = System.nanoTime() + this.timeout.get().toNanos();
		List<String> failures = new ArrayList<>();
		List<String> order = this.service.ttsOrder();
		for (int i = 0; i < order.size(); i++) {
			String name = order.get(i);
			Callable<byte[]> call = synthesizer(providers, name, text);
			if (call == null) {
				failures.add(name + ": " + VoiceService.NO_API_KEY);
				continue;
			}
			// The first provider gets half the budget, so that the fallback has the rest.
			Duration left = Duration.ofNanos(deadline - System.nanoTime());
			Duration budget = (i == 0) ? left.dividedBy(2) : left;
			try {
				byte[] audio = this.policies.get("voice-tts-" + name).call(call, budget);
				if (i > 0) {
					MeshMeters.fallback(this.meterRegistry, VoiceConfiguration.SERVICE, "tts-" + name);
				}
				return new Synthesis(audio, AUDIO_MPEG, name);
			}
			catch (Exception ex) {
				failures.add(name + ": " + Failures.describe(ex));
			}
		}
		throw new VoiceUnavailableException("No text-to-speech provider could answer (" + String.join("; ", failures)
				+ ")");
	}

	/**
	 * Transcribes speech.
	 * @param audio the audio
	 * @param filename its file name, which tells the provider its format
	 * @return the text
	 * @throws VoiceUnavailableException when the provider could not
	 */
	public String transcribe(byte[] audio, String filename) {
		return transcribe(new ByteArrayResource(audio), filename);
	}

	/**
	 * Transcribes speech streamed from where it is, such as an upload's temporary file: it is sent
	 * as it is read, never held in memory whole.
	 * @param audio the audio, opened once for each attempt
	 * @param filename its file name, which tells the provider its format
	 * @return the text
	 * @throws VoiceUnavailableException when the provider could not
	 */
	public String transcribe(InputStreamSource audio, String filename) {
		VoiceService.Providers providers = running();
		if (providers.openAi() == null) {
			throw new VoiceUnavailableException("Speech to text is unavailable: " + VoiceService.NO_API_KEY);
		}
		try {
			return this.policies.get("voice-stt-openai").call(() -> providers.openAi().transcribe(audio, filename));
		}
		catch (Exception ex) {
			throw new VoiceUnavailableException("Speech to text is unavailable (" + Failures.describe(ex) + ")");
		}
	}

	private static Callable<byte[]> synthesizer(VoiceService.Providers providers, String name, String text) {
		if (OpenAiVoice.NAME.equals(name)) {
			return (providers.openAi() != null) ? () -> providers.openAi().synthesize(text) : null;
		}
		return (providers.elevenLabs() != null) ? () -> providers.elevenLabs().synthesize(text) : null;
	}

	private VoiceService.Providers running() {
		try {
			return this.service.providers();
		}
		catch (IllegalStateException ex) {
			throw new VoiceUnavailableException("Voice is not running");
		}
	}

}
