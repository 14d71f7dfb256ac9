package ai.xseven.mesh.health;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One check's hold on its service: taken by its thread or by its timeout, whichever comes
 * first, and ended by that thread, unless a rebuild of its client abandoned it first.
 */
final class CheckTurn {

	private final Instant began;

	private final AtomicBoolean taken = new AtomicBoolean();

	private boolean timedOut;

	private boolean rebuilding;

	private boolean ended;

	private boolean abandoned;

	CheckTurn(Instant began) {
		this.began = began;
	}

	boolean take() {
		return this.taken.compareAndSet(false, true);
	}

	synchronized void timedOut() {
		this.timedOut = true;
	}

	synchronized boolean hasTimedOut() {
		return this.timedOut;
	}

	/**
	 * Starts the one rebuild of this check's client, once the check has timed out and has been
	 * running for at least a while (a round's interval: it is still stuck at the next round).
	 * @param now the time now
	 * @param stuckFor how long the check must have been running
	 * @return whether the rebuild is to start now
	 */
	synchronized boolean startRebuild(Instant now, Duration stuckFor) {
		if (this.rebuilding || !this.timedOut || this.began.plus(stuckFor).isAfter(now)) {
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
