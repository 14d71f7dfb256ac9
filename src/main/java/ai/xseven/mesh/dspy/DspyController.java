package ai.xseven.mesh.dspy;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

import ai.xseven.mesh.web.RequestBodies;
import ai.xseven.mesh.workflow.WorkflowLauncher;
import ai.xseven.mesh.workflow.WorkflowStarted;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/dspy/predict} answers an input; {@code POST /api/dspy/train} starts a training
 * run as a workflow.
 */
@RestController
class DspyController {

	static final int MAX_BODY_BYTES = 64 * 1024;

	static final int MAX_INPUT_LENGTH = 16_000;

	private final DspyPredictor predictor;

	private final WorkflowLauncher workflows;

	DspyController(DspyPredictor predictor, WorkflowLauncher workflows) {
		this.predictor = predictor;
		this.workflows = workflows;
	}

	@PostMapping(path = "/api/dspy/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
	Prediction predict(HttpServletRequest request) throws IOException {
		return this.predictor.predict(RequestBodies.stringField(request, MAX_BODY_BYTES, "input", MAX_INPUT_LENGTH));
	}

	@PostMapping("/api/dspy/train")
	ResponseEntity<WorkflowStarted> train() {
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.workflows.start(DspyTrainingWorkflow.TYPE, null));
	}

}
