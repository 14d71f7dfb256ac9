package ai.xseven.mesh.temporal;

/**
 * Thrown when Temporal does not know a workflow id.
 */
public class WorkflowNotFoundException extends RuntimeException {

	public WorkflowNotFoundException(String workflowId) {
		super("Unknown workflow '" + workflowId + "'");
	}

}
