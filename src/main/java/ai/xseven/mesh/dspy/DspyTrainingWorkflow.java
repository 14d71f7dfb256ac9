package ai.xseven.mesh.dspy;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The training run: re-evaluates each example of the training data against the model, with the
 * other examples as demonstrations, and stores the ones the model reproduces as the new trained
 * set.
 */
@WorkflowInterface
public interface DspyTrainingWorkflow {

	/** The workflow type, as {@code POST /api/workflows/{type}} and the history name it. */
	String TYPE = "DspyTrainingWorkflow";

	@WorkflowMethod
	TrainingReport train();

	/**
	 * What a training run found.
	 *
	 * @param model the model trained for
	 * @param examples the examples evaluated
	 * @param passed the examples stored as demonstrations
	 */
	record TrainingReport(String model, int examples, int passed) {
	}

}
