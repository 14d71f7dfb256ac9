package ai.xseven.mesh.voice;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.openai.client.OpenAIClient;
import com.openai.core.RequestOptions;
import com.openai.models.audio.AudioResponseFormat;
import com.openai.models.models.ModelListParams;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.ai.audio.transcription.AudioTranscriptionPrompt;
import org.springframework.ai.openai.OpenAiAudioSpeechModel;
import org.springframework.ai.openai.OpenAiAudioSpeechOptions;
import org.springframework.ai.openai.OpenAiAudioTranscriptionModel;
import org.springframework.ai.openai.OpenAiAudioTranscriptionOptions;
import org.springframework.ai.openai.setup.OpenAiSetup;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.InputStreamSource;
import org.springframework.core.io.Resource;

/**
 * OpenAI's speech API through Spring AI: text to speech and speech to text, one client for both.
 */
class OpenAiVoice implements AutoCloseable {

	static final String NAME = "openai";

	private final OpenAIClient client;

	private final OpenAiAudioSpeechModel speech;

	private final OpenAiAudioTranscriptionModel transcription;

	OpenAiVoice(VoiceProperties.OpenAi properties, Duration attemptTimeout, ObservationRegistry observationRegistry) {
		String root = stripSlash(properties.getBaseUrl()) + "/v1";
		this.client = OpenAiSetup.setupSyncClient(root, properties.getApiKey(), null, null, null, null, false, false,
				properties.getTtsModel(), attemptTimeout, 0, null, Map.of(), observationRegistry, null, List.of());
		OpenAiAudioSpeechOptions.Builder speechOptions = OpenAiAudioSpeechOptions.builder();
		speechOptions.voice(properties.getTtsVoice());
		speechOptions.responseFormat("mp3");
		speechOptions.model(properties.getTtsModel());
		this.speech = OpenAiAudioSpeechModel.builder().openAiClient(this.client).options(speechOptions.build()).build();
		OpenAiAudioTranscriptionOptions.Builder transcriptionOptions = OpenAiAudioTranscriptionOptions.builder();
		transcriptionOptions.responseFormat(AudioResponseFormat.JSON);
		transcriptionOptions.model(properties.getSttModel());
		transcriptionOptions.baseUrl(root);
		transcriptionOptions.apiKey(properties.getApiKey());
		transcriptionOptions.timeout(attemptTimeout);
		transcriptionOptions.maxRetries(0);
		this.transcription = OpenAiAudioTranscriptionModel.builder()
			.openAiClient(this.client)
			.options(transcriptionOptions.build())
			.build();
	}

	byte[] synthesize(String text) {
		byte[] audio = this.speech.call(text);
		if (audio == null || audio.length == 0) {
			throw new IllegalStateException("openai answered without audio");
		}
		return audio;
	}

	/**
	 * Transcribes audio, streamed to the provider as it is read (a stream other than one over an
	 * array is sent without being read into memory first).
	 * @param audio the audio, which may be read more than once (an attempt each)
	 * @param filename the name the provider sees, whose extension tells it the format
	 * @return what was said
	 */
	String transcribe(InputStreamSource audio, String filename) {
		Resource resource = new AbstractResource() {

			@Override
			public InputStream getInputStream() throws IOException {
				return audio.getInputStream();
			}

			@Override
			public String getFilename() {
				return filename;
			}

			@Override
			public String getDescription() {
				return "audio " + filename;
			}

		};
		String text = this.transcription.call(new AudioTranscriptionPrompt(resource)).getResult().getOutput();
		if (text == null) {
			throw new IllegalStateException("openai answered without text");
		}
		return text;
	}

	/**
	 * Asks for the models, straight and not through a breaker.
	 * @param timeout how long to wait
	 */
	void probe(Duration timeout) {
		this.client.models().list(ModelListParams.none(), RequestOptions.builder().timeout(timeout).build());
	}

	@Override
	public void close() {
		this.client.close();
	}

	static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
