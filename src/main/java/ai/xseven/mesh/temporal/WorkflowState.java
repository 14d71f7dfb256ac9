package ai.xseven.mesh.temporal;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A workflow's status and, once it ended, its result or failure.
 *
 * @param workflowId its id
 * @param runId its latest run's id
 * @param type its workflow type
 * @param status Temporal's status: {@code RUNNING}, {@code COMPLETED}, {@code FAILED},
 * {@code CANCELED}, {@code TERMINATED}, {@code CONTINUED_AS_NEW} or {@code TIMED_OUT}
 * @param result its result as JSON, once {@code COMPLETED}; else {@code null}
 * @param error why it failed, or {@code null}
 */
public record WorkflowState(String workflowId, String runId, String type, String status, @JsonRawValue String result,
		String error) {
}
