package ai.xseven.mesh.dspy;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code dspy} section: the language-model program.
 */
@ConfigurationProperties("dspy")
@Validated
public class DspyProperties {

	/**
	 * Chat model to call ({@code DSPY_MODEL}).
	 */
	@NotBlank
	private String model = "gpt-4o-mini";

	/**
	 * A JSONL file of examples ({@code {"input": …, "output": …}} per line), or a directory of
	 * such files ({@code DSPY_TRAINING_DATA_PATH}); none by default.
	 */
	private String trainingDataPath;

	/**
	 * Root URL of the OpenAI-compatible API, without {@code /v1} ({@code DSPY_BASE_URL}).
	 */
	@NotBlank
	private String baseUrl = "https://api.openai.com";

	/**
	 * API key ({@code OPENAI_API_KEY}); without one the service is DOWN.
	 */
	private String apiKey;

	/**
	 * Whether the host is DOWN without the model.
	 */
	private boolean required;

	/**
	 * Longest one prediction may take, retries included.
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

	/**
	 * How long the last good answer to an input is kept in Redis for degraded answers.
	 */
	@NotNull
	@DurationMin(seconds = 1, message = "must be between 1s and 3650d")
	@DurationMax(days = 3650, message = "must be between 1s and 3650d")
	private Duration answerTtl = Duration.ofDays(7);

	public String getModel() {
		return this.model;
	}

	public void setModel(String model) {
		this.model = model;
	}

	public String getTrainingDataPath() {
		return this.trainingDataPath;
	}

	public void setTrainingDataPath(String trainingDataPath) {
		this.trainingDataPath = trainingDataPath;
	}

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

	public Duration getAnswerTtl() {
		return this.answerTtl;
	}

	public void setAnswerTtl(Duration answerTtl) {
		this.answerTtl = answerTtl;
	}

}
