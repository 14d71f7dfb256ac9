package ai.xseven.mesh.dspy;

/**
 * Thrown for training data that cannot be used; the message names the file and the line.
 */
public class TrainingDataException extends RuntimeException {

	public TrainingDataException(String message) {
		super(message);
	}

}
