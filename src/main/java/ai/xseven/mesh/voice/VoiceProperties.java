package ai.xseven.mesh.voice;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code voice} section: speech-to-text and text-to-speech providers.
 */
@ConfigurationProperties("voice")
@Validated
public class VoiceProperties {

	/**
	 * Speech-to-text provider ({@code VOICE_PROVIDER}).
	 */
	@Pattern(regexp = "openai", message = "must be 'openai'")
	private String provider = "openai";

	/**
	 * Primary text-to-speech provider ({@code VOICE_TTS_PROVIDER}); the other one answers when it
	 * cannot.
	 */
	@Pattern(regexp = "elevenlabs|openai", message = "must be 'elevenlabs' or 'openai'")
	private String ttsProvider = "elevenlabs";

	/**
	 * ElevenLabs voice to speak with ({@code VOICE_VOICE_ID}); ElevenLabs is not used without one.
	 */
	private String voiceId;

	/**
	 * Whether the host is DOWN without voice.
	 */
	private boolean required;

	/**
	 * Longest one request may take, retries and fallback provider included.
	 */
	@NotNull
	@DurationMin(millis = 100, message = "must be between 100ms and 10m")
	@DurationMax(minutes = 10, message = "must be between 100ms and 10m")
	private Duration timeout = Duration.ofSeconds(30);

	/**
	 * Wait before the second attempt after a server error or a timeout.
	 */
	@NotNull
	@DurationMin(millis = 0, message = "must be between 0s and 1m")
	@DurationMax(minutes = 1, message = "must be between 0s and 1m")
	private Duration retryBackoff = Duration.ofMillis(500);

	@Valid
	private final OpenAi openai = new OpenAi();

	@Valid
	private final ElevenLabs elevenlabs = new ElevenLabs();

	public String getProvider() {
		return this.provider;
	}

	public void setProvider(String provider) {
		this.provider = provider;
	}

	public String getTtsProvider() {
		return this.ttsProvider;
	}

	public void setTtsProvider(String ttsProvider) {
		this.ttsProvider = ttsProvider;
	}

	public String getVoiceId() {
		return this.voiceId;
	}

	public void setVoiceId(String voiceId) {
		this.voiceId = voiceId;
	}

	public boolean isRequired() {
		return this.required;
	}

	public void setRequired(boolean required) {
		this.required = required;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getRetryBackoff() {
		return this.retryBackoff;
	}

	public void setRetryBackoff(Duration retryBackoff) {
		this.retryBackoff = retryBackoff;
	}

	public OpenAi getOpenai() {
		return this.openai;
	}

	public ElevenLabs getElevenlabs() {
		return this.elevenlabs;
	}

	/**
	 * OpenAI's speech API.
	 */
	public static class OpenAi {

		/**
		 * Root URL, without {@code /v1} ({@code VOICE_OPENAI_BASE_URL}).
		 */
		@NotBlank
		private String baseUrl = "https://api.openai.com";

		/**
		 * API key ({@code OPENAI_API_KEY}).
		 */
		private String apiKey;

		/**
		 * Speech synthesis model.
		 */
		@NotBlank
		private String ttsModel = "gpt-4o-mini-tts";

		/**
		 * Voice of the speech synthesis.
		 */
		@NotBlank
		private String ttsVoice = "alloy";

		/**
		 * Transcription model.
		 */
		@NotBlank
		private String sttModel = "whisper-1";

		public String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public String getApiKey() {
			return this.apiKey;
		}

		public void setApiKey(String apiKey) {
			this.apiKey = apiKey;
		}

		public String getTtsModel() {
			return this.ttsModel;
		}

		public void setTtsModel(String ttsModel) {
			this.ttsModel = ttsModel;
		}

		public String getTtsVoice() {
			return this.ttsVoice;
		}

		public void setTtsVoice(String ttsVoice) {
			this.ttsVoice = ttsVoice;
		}

		public String getSttModel() {
			return this.sttModel;
		}

		public void setSttModel(String sttModel) {
			this.sttModel = sttModel;
		}

	}

	/**
	 * ElevenLabs' text-to-speech API.
	 */
	public static class ElevenLabs {

		/**
		 * Root URL ({@code VOICE_ELEVENLABS_BASE_URL}).
		 */
		@NotBlank
		private String baseUrl = "https://api.elevenlabs.io";

		/**
		 * API key ({@code ELEVENLABS_API_KEY}).
		 */
		private String apiKey;

		/**
		 * Speech synthesis model.
		 */
		@NotBlank
		private String modelId = "eleven_multilingual_v2";

		public String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public String getApiKey() {
			return this.apiKey;
		}

		public void setApiKey(String apiKey) {
			this.apiKey = apiKey;
		}

		public String getModelId() {
			return this.modelId;
		}

		public void setModelId(String modelId) {
			this.modelId = modelId;
		}

	}

}
