package ai.xseven.mesh.dspy;

import java.util.List;
import java.util.Locale;

import ai.xseven.mesh.registry.Failures;

/**
 * {@link DspyTrainingActivities} over the model, through the predictor's breaker and retry
 * policy, and the demonstration store.
 */
class TrainingActivities implements DspyTrainingActivities {

	private final LanguageModel model;

	private final DspyPredictor predictor;

	private final DemonstrationStore store;

	TrainingActivities(LanguageModel model, DspyPredictor predictor, DemonstrationStore store) {
		this.model = model;
		this.predictor = predictor;
		this.store = store;
	}

	@Override
	public TrainingInput trainingInput() {
		return new TrainingInput(this.model.model(), this.model.examples());
	}

	@Override
	public boolean reproduces(List<Example> demonstrations, Example example) {
		String answer;
		try {
			answer = this.predictor.complete(demonstrations, example.input());
		}
		catch (Exception ex) {
			// Temporal retries the activity; the workflow fails only after its last attempt.
			throw new IllegalStateException("The model could not be asked: " + Failures.describe(ex), ex);
		}
		return normalized(answer).equals(normalized(example.output()));
	}

	@Override
	public void store(String model, List<Example> demonstrations) {
		this.store.replace(model, demonstrations);
		this.predictor.loadTrained();
	}

	private static String normalized(String text) {
		return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
	}

}
