package ai.xseven.mesh.dspy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.metrics.MeshMeters;
import ai.xseven.mesh.cache.MeshCache;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.resilience.ProviderCallPolicy;

/**
 * Answers inputs with the model, the trained demonstrations (or the training data's examples
 * until a training run stored some) as few-shot context. Every good answer is kept in Redis per
 * model and input, written after the answer is given; when the model is unavailable, the kept
 * answer is returned marked degraded. No prediction waits on Redis or PostgreSQL.
 */
public class DspyPredictor {

	private static final Log logger = LogFactory.getLog(DspyPredictor.class);

	private final LanguageModel model;

	private final ProviderCallPolicy policy;

	private final Supplier<CircuitBreaker> breaker;

	private final MeshCache cache;

	private final DemonstrationStore store;

	private final DspyProperties properties;

	private final MeterRegistry meterRegistry;

	// Runs what a prediction must not wait for: the cache's writes and the trained set's first read.
	private final Executor background;

	private final AtomicBoolean loading = new AtomicBoolean();

	private volatile List<Example> trained;

	DspyPredictor(LanguageModel model, ProviderCallPolicy policy, Supplier<CircuitBreaker> breaker, MeshCache cache,
			DemonstrationStore store, DspyProperties properties, MeterRegistry meterRegistry, Executor background) {
		this.model = model;
		this.policy = policy;
		this.breaker = breaker;
		this.cache = cache;
		this.store = store;
		this.properties = properties;
		this.meterRegistry = meterRegistry;
		this.background = background;
	}

	/**
	 * Answers one input.
	 * @param input the input
	 * @return the answer, degraded when it is the last good one
	 * @throws ModelUnavailableException when the model cannot answer and no answer is kept
	 */
	public Prediction predict(String input) {
		String key = cacheKey(input);
		try {
			String output = this.policy.call(() -> this.model.complete(demonstrations(), input));
			// Kept off the answer's path: a frozen Redis costs the answer nothing.
			inBackground(() -> this.cache.put(key, output, this.properties.getAnswerTtl()));
			return new Prediction(output, this.model.model(), false);
		}
		catch (Exception ex) {
			logger.debug("Model unavailable: " + Failures.describe(ex));
			Optional<String> kept = this.cache.get(key);
			if (kept.isPresent()) {
				MeshMeters.fallback(this.meterRegistry, DspyConfiguration.SERVICE, "last-good-answer");
				return new Prediction(kept.get(), this.model.model(), true);
			}
			MeshMeters.fallback(this.meterRegistry, DspyConfiguration.SERVICE, "unavailable");
			throw new ModelUnavailableException("The language model is unavailable (" + Failures.describe(ex)
					+ ") and no earlier answer to this input is kept", retryAfterSeconds());
		}
	}

	/**
	 * One completion under the breaker, retry and deadline policy, without the fallback: what
	 * training evaluates examples with.
	 * @param demonstrations the few-shot context
	 * @param input the input
	 * @return the model's answer
	 * @throws Exception when the model cannot answer
	 */
	String complete(List<Example> demonstrations, String input) throws Exception {
		return this.policy.call(() -> this.model.complete(demonstrations, input));
	}

	/**
	 * The few-shot context: the trained set once it has been read, else the training data. The
	 * trained set is read from PostgreSQL in the background, never on a prediction's path: a
	 * frozen database costs a prediction nothing.
	 * @return the demonstrations
	 */
	List<Example> demonstrations() {
		List<Example> current = this.trained;
		if (current == null) {
			readTrainedInBackground();
			return this.model.examples();
		}
		return current.isEmpty() ? this.model.examples() : current;
	}

	private void readTrainedInBackground() {
		if (this.loading.compareAndSet(false, true) && !inBackground(() -> {
			try {
				loadTrained();
			}
			finally {
				this.loading.set(false);
			}
		})) {
			this.loading.set(false);
		}
	}

	// Whether the task was taken; a host that is stopping takes none, and the answer goes on.
	private boolean inBackground(Runnable task) {
		try {
			this.background.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/**
	 * Reads the trained set again, after a training run stored a new one.
	 * @return the trained set, empty when there is none or the database is unavailable
	 */
	// Serialized, so that a read begun before a training run stored its set cannot overwrite the
	// read that follows it.
	synchronized List<Example> loadTrained() {
		try {
			this.trained = this.store.load(this.model.model());
		}
		catch (RuntimeException ex) {
			logger.debug("Trained demonstrations unavailable: " + Failures.describe(ex));
			return List.of();
		}
		return this.trained;
	}

	private long retryAfterSeconds() {
		return CircuitManager.retryAfterSeconds(this.breaker.get());
	}

	private String cacheKey(String input) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
			return "dspy:last-good:" + this.model.model() + ":" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
