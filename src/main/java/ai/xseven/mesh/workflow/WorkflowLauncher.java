package ai.xseven.mesh.workflow;

/**
 * Starts workflows hosted by the host's worker. Integrations that need a workflow (DSPy
 * training) depend on this, not on the engine that implements it.
 */
public interface WorkflowLauncher {

	/**
	 * Starts a workflow.
	 * @param type the workflow type
	 * @param argument its argument, converted by the engine's data converter, or {@code null}
	 * @return the started workflow
	 * @throws IllegalArgumentException when no workflow of that type is hosted here
	 * @throws WorkflowsUnavailableException when the engine cannot take it now
	 */
	WorkflowStarted start(String type, Object argument);

}
