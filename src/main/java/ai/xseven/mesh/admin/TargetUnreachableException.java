package ai.xseven.mesh.admin;

/**
 * A change's new connection target did not answer its probe; nothing was changed.
 */
class TargetUnreachableException extends RuntimeException {

	TargetUnreachableException(String message) {
		super(message);
	}

}
