package ai.xseven.mesh.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ProbeResult;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;

/**
 * Runs the checks: each on the executor, bounded by the health timeout in force, at most one in
 * flight per service (a second caller shares it), and none while the thread of an earlier one is
 * still stuck past its timeout. A check that timed out and is still running when it has run for
 * an interval has its client rebuilt by {@link ClientRebuilds}, after which the stuck call is
 * abandoned and the next round checks again. The bookkeeping never depends on a check's own
 * code running: a check abandoned before its thread started leaves nothing behind.
 */
final class ProbeRunner {

	private final AsyncTaskExecutor executor;

	private final Supplier<Duration> timeout;

	private final Supplier<Duration> interval;

	private final Clock clock;

	private final Map<String, CompletableFuture<CheckOutcome>> inFlight = new ConcurrentHashMap<>();

	// The turn of the check whose thread holds each service, until that thread ends or its call is
	// abandoned.
	private final Map<String, CheckTurn> stuck = new ConcurrentHashMap<>();

	private final ClientRebuilds rebuilds;

	// A result is recorded only for the run of the service it was started in: a service that
	// stopped or restarted meanwhile gets a new generation.
	private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();

	/**
	 * @param executor where checks run
	 * @param timeout the health timeout in force
	 * @param interval the health interval in force: a check timed out and running for longer is
	 * stuck at the next round
	 * @param clock what "now" is, for the outcomes' times
	 */
	ProbeRunner(AsyncTaskExecutor executor, Supplier<Duration> timeout, Supplier<Duration> interval, Clock clock) {
		this.executor = executor;
		this.timeout = timeout;
		this.interval = interval;
		this.rebuilds = new ClientRebuilds(executor);
		this.clock = clock;
	}

	/**
	 * Checks a service unless a check of it is in flight, whose outcome is then shared.
	 * @param name the service
	 * @param check its check
	 * @param recorder told of each outcome that still counts (the service still in the run the
	 * check began in, as {@code current} tells), before the outcome is handed out
	 * @param current whether the service is still running
	 * @return the outcome, complete within the health timeout
	 */
	CompletableFuture<CheckOutcome> probe(String name, HealthCheck check, Recorder recorder, Predicate<String> current) {
		CompletableFuture<CheckOutcome> outcome;
		CheckTurn turn;
		CheckTurn occupying;
		boolean rebuild = false;
		synchronized (this.inFlight) {
			CompletableFuture<CheckOutcome> shared = this.inFlight.get(name);
			if (shared != null) {
				return shared;
			}
			occupying = this.stuck.get(name);
			if (occupying == null) {
				outcome = new CompletableFuture<>();
				this.inFlight.put(name, outcome);
				turn = new CheckTurn(this.clock.instant());
				this.stuck.put(name, turn);
			}
			else {
				outcome = null;
				turn = null;
				rebuild = this.rebuilds.mayAbandon(name)
						&& occupying.startRebuild(this.clock.instant(), this.interval.get());
			}
		}
		if (occupying != null) {
			// Outside the lock: the rebuild's executor and the recorder may take their time.
			CheckTurn stuckTurn = occupying;
			boolean rebuilding = rebuild
					&& this.rebuilds.start(name, check, stuckTurn, () -> this.stuck.remove(name, stuckTurn));
			Duration bound = this.timeout.get();
			CheckOutcome stillStuck = new CheckOutcome(ProbeResult.down("previous check still running"
					+ (occupying.hasTimedOut() ? " after its timeout of " + bound.toMillis() + " ms" : "")
					+ (rebuilding ? "; rebuilding its client" : "")), bound, this.clock.instant());
			recorder.record(name, stillStuck);
			return CompletableFuture.completedFuture(stillStuck);
		}
		launch(name, check, turn, outcome, recorder, current);
		return outcome;
	}

	private void launch(String name, HealthCheck check, CheckTurn turn, CompletableFuture<CheckOutcome> outcome,
			Recorder recorder, Predicate<String> current) {
		long generation = generation(name).get();
		long timeoutMs = this.timeout.get().toMillis();
		long began = System.nanoTime();
		CompletableFuture<ProbeResult> result = new CompletableFuture<>();
		// Whoever takes the turn first owns the stuck mark: the check when its thread starts it
		// (cleared when it ends), or the timeout, for a check whose thread never got to run it.
		Future<?> task = submit(() -> {
			if (!turn.take()) {
				return;
			}
			// The mark goes before the result is out: completing it runs the bookkeeping of the
			// outcome on this thread, after which a new probe may come at once.
			ProbeResult found = null;
			Throwable failure = null;
			try {
				found = check.check();
			}
			catch (Throwable ex) {
				failure = ex;
			}
			finally {
				ended(name, turn);
			}
			if (failure != null) {
				result.completeExceptionally(failure);
			}
			else {
				result.complete(found);
			}
		}, result);
		result.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((probe, ex) -> {
			Duration took = Duration.ofNanos(System.nanoTime() - began);
			if (turn.take()) {
				ended(name, turn);
			}
			ProbeResult found = probe;
			if (ex != null) {
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
				if (cause instanceof TimeoutException) {
					turn.timedOut();
					task.cancel(true);
					found = ProbeResult.down("timed out after " + timeoutMs + " ms");
				}
				else {
					found = ProbeResult.down(Failures.describe(cause));
				}
			}
			if (!turn.hasTimedOut()) {
				this.rebuilds.answered(name);
			}
			CheckOutcome ended = new CheckOutcome(found, took, this.clock.instant());
			if (generation == generation(name).get() && current.test(name)) {
				recorder.record(name, ended);
			}
			synchronized (this.inFlight) {
				this.inFlight.remove(name, outcome);
			}
			outcome.complete(ended);
		});
	}

	private void ended(String name, CheckTurn turn) {
		if (this.rebuilds.ended(name, turn)) {
			this.stuck.remove(name, turn);
		}
	}

	// A check the executor refuses (also one it could not start a thread for: MeshTaskExecutor)
	// fails at once as if it had thrown: its turn and its place in flight are given back like
	// those of any failed check.
	private Future<?> submit(Runnable check, CompletableFuture<ProbeResult> result) {
		try {
			return this.executor.submit(check);
		}
		catch (TaskRejectedException ex) {
			result.completeExceptionally(ex.getCause() != null ? ex.getCause() : ex);
			return CompletableFuture.completedFuture(null);
		}
	}

	/**
	 * Forgets a service's check in flight: its outcome, when it comes, no longer counts.
	 * @param name the service, which stopped or started again
	 */
	void forget(String name) {
		generation(name).incrementAndGet();
		synchronized (this.inFlight) {
			this.inFlight.remove(name);
		}
	}

	private AtomicLong generation(String name) {
		return this.generations.computeIfAbsent(name, (key) -> new AtomicLong());
	}

	/**
	 * Takes the outcomes that count.
	 */
	@FunctionalInterface
	interface Recorder {

		/**
		 * @param name the service
		 * @param outcome its check's outcome
		 */
		void record(String name, CheckOutcome outcome);

	}

}
