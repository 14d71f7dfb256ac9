package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.core.task.AsyncTaskExecutor;

/**
 * Runs a request's database statements each under the time the request has left, on threads of
 * their own: a frozen database, which a statement timeout cannot end (the server never reads the
 * cancel), costs a request its time and never more. The executor bounds how many such threads may
 * hang at once and refuses more at once.
 */
class BoundedCalls {

	private final AsyncTaskExecutor executor;

	BoundedCalls(AsyncTaskExecutor executor) {
		this.executor = executor;
	}

	/**
	 * Runs work and waits at most the given time for it.
	 * @param work the work
	 * @param within the most time to wait
	 * @param <T> its result
	 * @return its result
	 * @throws TimeoutException when it did not end in time (it may still end later)
	 * @throws Exception what the work threw, or the executor's refusal
	 */
	<T> T call(Callable<T> work, Duration within) throws Exception {
		if (within.isNegative() || within.isZero()) {
			throw new TimeoutException("no time left");
		}
		Future<T> future = this.executor.submit(work);
		try {
			return future.get(within.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new TimeoutException("no answer within " + within.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

}
