package ai.xseven.mesh.temporal;

/**
 * Thrown when no workflow of a type is hosted by this host's worker.
 */
public class UnknownWorkflowTypeException extends IllegalArgumentException {

	public UnknownWorkflowTypeException(String type) {
		super("No workflow of type '" + type + "' is hosted here");
	}

}
