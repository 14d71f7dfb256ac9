package ai.xseven.mesh.dspy;

import java.util.List;

import io.temporal.activity.ActivityInterface;

/**
 * The steps of a training run that touch the outside world, run by the host's worker.
 */
@ActivityInterface
public interface DspyTrainingActivities {

	/**
	 * The model being trained and the examples of its training data.
	 * @return the model and the examples
	 */
	TrainingInput trainingInput();

	/**
	 * Whether the model reproduces an example's output with the given demonstrations.
	 * @param demonstrations the few-shot context
	 * @param example the example
	 * @return whether its answer matches the expected output
	 */
	boolean reproduces(List<Example> demonstrations, Example example);

	/**
	 * Stores the passing examples as the model's trained set, and has predictions use them.
	 * @param model the model
	 * @param demonstrations the new trained set
	 */
	void store(String model, List<Example> demonstrations);

	/**
	 * What a training run works on.
	 *
	 * @param model the model
	 * @param examples the training data's examples
	 */
	record TrainingInput(String model, List<Example> examples) {
	}

}
