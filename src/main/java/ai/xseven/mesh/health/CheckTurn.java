package ai.xseven.mesh.health;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One check's hold on its service: taken by its thread or by its timeout, whichever comes
 * first, and ended by that thread. A rebuild of its client holds the service until it is done,
 * and abandons the call if it is still running then.
 */
final class CheckTurn {

	private final Instant began;

	private final AtomicBoolean taken = new AtomicBoolean();

	private boolean timedOut;

	private Rebuild rebuild = Rebuild.NONE;

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
		if (this.rebuild != Rebuild.NONE || this.ended || !this.timedOut || this.began.plus(stuckFor).isAfter(now)) {
			return false;
		}
		this.rebuild = Rebuild.RUNNING;
		return true;
	}

	synchronized void rebuildRefused() {
		this.rebuild = Rebuild.NONE;
	}

	/**
	 * Ends the rebuild, which then frees the service.
	 * @return whether the call was still running and is abandoned now
	 */
	synchronized boolean rebuilt() {
		this.rebuild = Rebuild.DONE;
		this.abandoned = !this.ended;
		return this.abandoned;
	}

	/**
	 * Ends the call.
	 * @return what frees the service now
	 */
	synchronized Ending end() {
		this.ended = true;
		if (this.abandoned) {
			return Ending.ABANDONED;
		}
		return (this.rebuild == Rebuild.RUNNING) ? Ending.HELD : Ending.FREE;
	}

	private enum Rebuild {

		NONE, RUNNING, DONE

	}

	/**
	 * How a call's end bears on its service.
	 */
	enum Ending {

		/** Nothing holds the service any longer: the call's end frees it. */
		FREE,

		/** A rebuild of the client is running: it frees the service when it is done. */
		HELD,

		/** The call had been abandoned, and the service freed then. */
		ABANDONED

	}

}
