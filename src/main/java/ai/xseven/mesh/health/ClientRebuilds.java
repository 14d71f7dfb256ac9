package ai.xseven.mesh.health;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.HealthCheck;

/**
 * Rebuilds the clients of stuck checks and keeps count of the calls abandoned for it: at most
 * {@value #MAX_ABANDONED} of a service may still be running, so a client that never lets go
 * costs threads that are counted, not a thread a round. The first rebuild since a service last
 * answered in time is logged, then the 2nd, 4th, 8th and so on: an outage of an hour costs a
 * dozen lines, not one a round.
 */
final class ClientRebuilds {

	/** The most abandoned calls of one service still running before no more are abandoned. */
	static final int MAX_ABANDONED = 2;

	private static final Log logger = LogFactory.getLog(HealthChecker.class);

	private final Executor executor;

	private final Map<String, AtomicInteger> abandoned = new ConcurrentHashMap<>();

	// Rebuilds of each service's client since a check of it last ended in time.
	private final Map<String, AtomicInteger> rebuilds = new ConcurrentHashMap<>();

	ClientRebuilds(Executor executor) {
		this.executor = executor;
	}

	/**
	 * Whether a stuck call of the service may be abandoned now.
	 * @param name the service
	 * @return whether fewer than {@value #MAX_ABANDONED} abandoned calls of it still run
	 */
	boolean mayAbandon(String name) {
		return abandoned(name).get() < MAX_ABANDONED;
	}

	/**
	 * Rebuilds the client of a stuck check on a thread of its own, then abandons the stuck call:
	 * the next check runs on the new client whether the old call ends or not.
	 * @param name the service
	 * @param check its check
	 * @param turn the stuck check's turn
	 * @param release frees the service for the next check, once the rebuild is done
	 * @return whether the rebuild was taken (the executor may refuse it)
	 */
	boolean start(String name, HealthCheck check, CheckTurn turn, Runnable release) {
		Runnable rebuild = () -> {
			int count = this.rebuilds.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
			String failure = null;
			try {
				check.rebuildClient();
			}
			catch (Throwable ex) {
				failure = Failures.describe(ex);
			}
			finally {
				if (turn.rebuilt()) {
					abandoned(name).incrementAndGet();
				}
				release.run();
			}
			if (Integer.bitCount(count) == 1) {
				logger.warn("Check of '" + name + "' still running after its timeout: "
						+ ((failure == null) ? "its client was asked to rebuild"
								: "its client could not be rebuilt (" + failure + ")")
						+ ", and the next check does not wait for the stuck one"
						+ ((count == 1) ? "" : " (rebuild " + count + " since it last answered in time)"));
			}
		};
		try {
			this.executor.execute(rebuild);
			return true;
		}
		catch (RejectedExecutionException ex) {
			// Refused, or no thread could be started for it (MeshTaskExecutor): the next round asks again.
			turn.rebuildRefused();
			return false;
		}
	}

	/**
	 * Takes the end of a check's call.
	 * @param name the service
	 * @param turn the check's turn
	 * @return whether the call's end frees the service (not when it had been abandoned, nor
	 * while a rebuild of its client runs, which frees it when done)
	 */
	boolean ended(String name, CheckTurn turn) {
		CheckTurn.Ending ending = turn.end();
		if (ending == CheckTurn.Ending.ABANDONED) {
			abandoned(name).decrementAndGet();
		}
		return ending == CheckTurn.Ending.FREE;
	}

	/**
	 * Takes a check of the service that ended within its timeout.
	 * @param name the service
	 */
	void answered(String name) {
		this.rebuilds.remove(name);
	}

	private AtomicInteger abandoned(String name) {
		return this.abandoned.computeIfAbsent(name, (key) -> new AtomicInteger());
	}

}
