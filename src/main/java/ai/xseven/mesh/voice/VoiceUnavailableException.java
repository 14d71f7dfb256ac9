package ai.xseven.mesh.voice;

import ai.xseven.mesh.web.ServiceUnavailableException;

/**
 * Thrown when no provider could serve a voice request.
 */
public class VoiceUnavailableException extends ServiceUnavailableException {

	static final long RETRY_AFTER_SECONDS = 5;

	public VoiceUnavailableException(String message) {
		super(message, RETRY_AFTER_SECONDS);
	}

}
