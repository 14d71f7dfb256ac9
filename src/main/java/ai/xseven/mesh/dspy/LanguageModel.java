package ai.xseven.mesh.dspy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.openai.client.OpenAIClient;
import com.openai.core.RequestOptions;
import com.openai.models.models.ModelListParams;
import io.micrometer.observation.ObservationRegistry;

import ai.xseven.mesh.config.SectionHolder;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.ProbeResult;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.setup.OpenAiSetup;
import org.springframework.util.StringUtils;

/**
 * The {@code dspy} service: the chat model of an OpenAI-compatible API, through Spring AI, and
 * the examples of the training data. It does not start without an API key ("no API key
 * configured") or with training data it cannot use (the error names the file and the line),
 * and the host starts all the same.
 */
public class LanguageModel implements ManagedService, HealthCheck {

	static final String NO_API_KEY = "no API key configured";

	private static final String INSTRUCTIONS = "You are the language-model program of the X-Seven backend. "
			+ "Answer the last input the way the demonstrations answer theirs: the answer only, nothing around it.";

	private final DspyProperties properties;

	private final HealthProperties healthProperties;

	private final TrainingData trainingData;

	private final ObservationRegistry observationRegistry;

	private volatile Running running;

	LanguageModel(DspyProperties properties, HealthProperties healthProperties, TrainingData trainingData,
			ObservationRegistry observationRegistry) {
		this.properties = properties;
		this.healthProperties = healthProperties;
		this.trainingData = trainingData;
		this.observationRegistry = observationRegistry;
	}

	@Override
	public synchronized void start() {
		DspyProperties settings = SectionHolder.inForce(this.properties);
		if (!StringUtils.hasText(settings.getApiKey())) {
			throw new IllegalStateException(NO_API_KEY);
		}
		List<Example> examples = StringUtils.hasText(settings.getTrainingDataPath())
				? this.trainingData.load(Path.of(settings.getTrainingDataPath())) : List.of();
		// Each attempt may take half the budget, so that a timed-out attempt leaves room for one more.
		Duration attemptTimeout = settings.getTimeout().dividedBy(2);
		// Retries are the predictor's (ProviderCallPolicy), so the client makes none of its own.
		// No meter registry for the HTTP clients: each restart would register their gauges again.
		OpenAIClient client = OpenAiSetup.setupSyncClient(apiRoot(), settings.getApiKey(), null, null, null,
				null, false, false, settings.getModel(), this.healthProperties.getTimeout(), 0, null, Map.of(),
				this.observationRegistry, null, List.of());
		OpenAiChatModel chat = OpenAiChatModel.builder()
			.options(OpenAiChatOptions.builder()
				.baseUrl(apiRoot())
				.apiKey(settings.getApiKey())
				.model(settings.getModel())
				.timeout(attemptTimeout)
				.maxRetries(0)
				.build())
			.observationRegistry(this.observationRegistry)
			.build();
		this.running = new Running(client, chat, examples);
	}

	@Override
	public synchronized void stop() {
		Running current = this.running;
		this.running = null;
		if (current != null) {
			current.client().close();
		}
	}

	/**
	 * Asks the provider for its models, straight and not through the breaker: it answers, the key
	 * is accepted, and the configured model is among them.
	 */
	@Override
	public ProbeResult check() {
		Running current = this.running;
		if (current == null) {
			return ProbeResult.down("dspy client is not started");
		}
		RequestOptions options = RequestOptions.builder().timeout(this.healthProperties.getTimeout()).build();
		boolean listed = current.client()
			.models()
			.list(ModelListParams.none(), options)
			.data()
			.stream()
			.anyMatch((model) -> model.id().equals(this.properties.getModel()));
		if (!listed) {
			return ProbeResult.down("model " + this.properties.getModel() + " is not offered by " + apiRoot());
		}
		return ProbeResult.up(Map.of("model", this.properties.getModel(), "examples", current.examples().size()));
	}

	/**
	 * The examples of the training data, as loaded at start.
	 * @return the examples
	 */
	List<Example> examples() {
		return running().examples();
	}

	String model() {
		return this.properties.getModel();
	}

	/**
	 * One completion, with the demonstrations as earlier turns of the conversation; no breaker,
	 * retry or fallback here (the predictor adds them).
	 * @param demonstrations the few-shot examples
	 * @param input the input
	 * @return the model's answer
	 */
	String complete(List<Example> demonstrations, String input) {
		List<Message> messages = new ArrayList<>();
		messages.add(new SystemMessage(INSTRUCTIONS));
		for (Example example : demonstrations) {
			messages.add(new UserMessage(example.input()));
			messages.add(new AssistantMessage(example.output()));
		}
		messages.add(new UserMessage(input));
		ChatResponse response = running().chat().call(new Prompt(messages));
		String text = (response != null && response.getResult() != null) ? response.getResult().getOutput().getText()
				: null;
		if (!StringUtils.hasText(text)) {
			throw new IllegalStateException("the model answered without text");
		}
		return text.strip();
	}

	private Running running() {
		Running current = this.running;
		if (current == null) {
			throw new IllegalStateException("dspy is not running");
		}
		return current;
	}

	private String apiRoot() {
		String base = this.properties.getBaseUrl();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1";
	}

	private record Running(OpenAIClient client, OpenAiChatModel chat, List<Example> examples) {
	}

}
