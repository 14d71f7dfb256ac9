package ai.xseven.mesh.workflow;

/**
 * A workflow that was started.
 *
 * @param workflowId its id, chosen by the host
 * @param runId its run's id, chosen by Temporal
 * @param type its workflow type
 */
public record WorkflowStarted(String workflowId, String runId, String type) {
}
