package ai.xseven.mesh.voice;

/**
 * Thrown when no provider could serve a voice request.
 */
public class VoiceUnavailableException extends RuntimeException {

	public VoiceUnavailableException(String message) {
		super(message);
	}

}
