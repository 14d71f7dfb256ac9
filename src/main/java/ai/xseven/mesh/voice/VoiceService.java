package ai.xseven.mesh.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;

import ai.xseven.mesh.config.SectionHolder;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.ProbeResult;
import ai.xseven.mesh.resilience.CircuitManager;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.util.StringUtils;

/**
 * The {@code voice} service: the speech-to-text provider and the text-to-speech providers that
 * have keys. It is UP while speech to text and at least one text-to-speech provider work; its
 * details list each provider with its status and breaker.
 */
public class VoiceService implements ManagedService, HealthCheck {

	static final String NO_API_KEY = "no API key configured";

	private final VoiceProperties properties;

	private final HealthProperties healthProperties;

	private final CircuitManager circuits;

	private final AsyncTaskExecutor executor;

	private final ObservationRegistry observationRegistry;

	private volatile Providers providers;

	VoiceService(VoiceProperties properties, HealthProperties healthProperties, CircuitManager circuits,
			AsyncTaskExecutor executor, ObservationRegistry observationRegistry) {
		this.properties = properties;
		this.healthProperties = healthProperties;
		this.circuits = circuits;
		this.executor = executor;
		this.observationRegistry = observationRegistry;
	}

	@Override
	public synchronized void start() {
		VoiceProperties settings = SectionHolder.inForce(this.properties);
		boolean openAiKey = StringUtils.hasText(settings.getOpenai().getApiKey());
		boolean elevenLabsUsable = StringUtils.hasText(settings.getElevenlabs().getApiKey())
				&& StringUtils.hasText(settings.getVoiceId());
		if (!openAiKey && !elevenLabsUsable) {
			throw new IllegalStateException(NO_API_KEY);
		}
		// Two attempts per provider fit in the share of the budget each provider gets.
		Duration attemptTimeout = settings.getTimeout().dividedBy(4);
		OpenAiVoice openAi = openAiKey
				? new OpenAiVoice(settings.getOpenai(), attemptTimeout, this.observationRegistry) : null;
		ElevenLabsVoice elevenLabs = elevenLabsUsable ? new ElevenLabsVoice(settings.getElevenlabs(),
				settings.getVoiceId(), attemptTimeout, this.healthProperties.getTimeout()) : null;
		this.providers = new Providers(openAi, elevenLabs);
	}

	@Override
	public synchronized void stop() {
		Providers current = this.providers;
		this.providers = null;
		if (current != null && current.openAi() != null) {
			current.openAi().close();
		}
	}

	/**
	 * Probes every provider at once, each straight and not through its breaker.
	 */
	@Override
	public ProbeResult check() {
		Providers current = providers();
		Duration timeout = this.healthProperties.getTimeout();
		CompletableFuture<String> openAi = probe((current.openAi() != null) ? () -> current.openAi().probe(timeout) : null);
		CompletableFuture<String> elevenLabs = probe(
				(current.elevenLabs() != null) ? () -> current.elevenLabs().probe(timeout) : null);
		String openAiError = openAi.join();
		String elevenLabsError = elevenLabs.join();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("stt-" + this.properties.getProvider(), provider("voice-stt-openai", openAiError));
		for (String tts : ttsOrder()) {
			details.put("tts-" + tts, provider("voice-tts-" + tts, OpenAiVoice.NAME.equals(tts) ? openAiError
					: elevenLabsError));
		}
		List<String> problems = new ArrayList<>();
		if (openAiError != null) {
			problems.add("speech to text (" + this.properties.getProvider() + "): " + openAiError);
		}
		if (openAiError != null && elevenLabsError != null) {
			problems.add("no text-to-speech provider works");
		}
		return problems.isEmpty() ? ProbeResult.up(details) : ProbeResult.down(String.join("; ", problems), details);
	}

	private CompletableFuture<String> probe(Runnable probe) {
		if (probe == null) {
			return CompletableFuture.completedFuture(NO_API_KEY);
		}
		long timeoutMs = this.healthProperties.getTimeout().toMillis();
		return CompletableFuture.supplyAsync(() -> {
			try {
				probe.run();
				return (String) null;
			}
			catch (RuntimeException ex) {
				return Failures.describe(ex);
			}
		}, this.executor).completeOnTimeout("timed out after " + timeoutMs + " ms", timeoutMs, TimeUnit.MILLISECONDS);
	}

	private Map<String, Object> provider(String breaker, String error) {
		Map<String, Object> provider = new LinkedHashMap<>();
		provider.put("status", (error != null) ? "DOWN" : "UP");
		provider.put("circuitBreaker", this.circuits.stateOf(breaker).map(Enum::name).orElse(null));
		if (error != null) {
			provider.put("error", error);
		}
		return provider;
	}

	/**
	 * The text-to-speech providers in the order they are tried: the configured one, then the
	 * other.
	 * @return the provider names
	 */
	List<String> ttsOrder() {
		String primary = this.properties.getTtsProvider();
		return List.of(primary, OpenAiVoice.NAME.equals(primary) ? ElevenLabsVoice.NAME : OpenAiVoice.NAME);
	}

	Providers providers() {
		Providers current = this.providers;
		if (current == null) {
			throw new IllegalStateException("voice is not running");
		}
		return current;
	}

	/**
	 * The providers that have keys; {@code null} for one that has none.
	 *
	 * @param openAi OpenAI, for speech to text and text to speech
	 * @param elevenLabs ElevenLabs, for text to speech
	 */
	record Providers(OpenAiVoice openAi, ElevenLabsVoice elevenLabs) {
	}

}
