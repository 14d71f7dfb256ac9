package ai.xseven.mesh.config.runtime;

import ai.xseven.mesh.web.ConflictException;

/**
 * A change's new connection target did not answer its probe; nothing was changed.
 */
class TargetUnreachableException extends ConflictException {

	TargetUnreachableException(String message) {
		super(message);
	}

}
