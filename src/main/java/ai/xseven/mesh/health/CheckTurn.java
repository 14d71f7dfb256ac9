package ai.xseven.mesh.health;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One check's hold on its service: taken by its thread or by its timeout, whichever comes
 * first, and ended by that thread, unless a rebuild of its client abandoned it first.
 */
final class CheckTurn {

	private final AtomicBoolean taken = new AtomicBoolean();

	private boolean rebuilding;

	private boolean ended;

	private boolean abandoned;

	boolean take() {
		return this.taken.compareAndSet(false, true);
	}

	synchronized boolean startRebuild() {
		if (this.rebuilding) {
			return false;
		}
		this.rebuilding = true;
		return true;
	}

	synchronized void rebuildRefused() {
		this.rebuilding = false;
	}

	/** @return whether the call was still running and is abandoned now */
	synchronized boolean abandon() {
		if (this.ended) {
			return false;
		}
		this.abandoned = true;
		return true;
	}

	/** @return whether the call had been abandoned */
	synchronized boolean end() {
		this.ended = true;
		return this.abandoned;
	}

}
