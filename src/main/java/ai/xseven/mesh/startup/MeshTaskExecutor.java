package ai.xseven.mesh.startup;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;

/**
 * The mesh's executor of checks, starts, stops and rebuilds: a thread per task, as
 * {@link SimpleAsyncTaskExecutor}, except that a thread the JVM cannot start (its
 * {@code OutOfMemoryError} "unable to create native thread", when the process reached its limit of
 * threads) is a {@link TaskRejectedException}, as Spring makes it when a concurrency limit is set.
 * Every caller then handles it as the refusal it handles already, instead of an Error escaping its
 * bookkeeping. Any other {@code OutOfMemoryError} (a full heap) is thrown as it is.
 */
public class MeshTaskExecutor extends SimpleAsyncTaskExecutor {

	@Override
	protected void doExecute(Runnable task) {
		try {
			super.doExecute(task);
		}
		catch (OutOfMemoryError ex) {
			if (ex.getMessage() == null || !ex.getMessage().contains("unable to create native thread")) {
				throw ex;
			}
			throw new TaskRejectedException("No thread could be started for the task", ex);
		}
	}

}
