package ai.xseven.mesh.dspy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;

/**
 * {@link DspyTrainingWorkflow}: one activity per example, each bounded by the prediction
 * timeout and attempted at most three times; the trained set is replaced once, at the end.
 */
class TrainingWorkflow implements DspyTrainingWorkflow {

	private final DspyTrainingActivities activities;

	TrainingWorkflow(Duration activityTimeout) {
		this.activities = Workflow.newActivityStub(DspyTrainingActivities.class, ActivityOptions.newBuilder()
			.setStartToCloseTimeout(activityTimeout)
			.setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
			.build());
	}

	@Override
	public TrainingReport train() {
		DspyTrainingActivities.TrainingInput input = this.activities.trainingInput();
		List<Example> examples = input.examples();
		List<Example> passed = new ArrayList<>();
		for (int i = 0; i < examples.size(); i++) {
			List<Example> others = new ArrayList<>(examples);
			others.remove(i);
			if (this.activities.reproduces(others, examples.get(i))) {
				passed.add(examples.get(i));
			}
		}
		this.activities.store(input.model(), passed);
		return new TrainingReport(input.model(), examples.size(), passed.size());
	}

}
