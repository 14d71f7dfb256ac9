package ai.xseven.mesh.registry;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.springframework.util.Assert;

/**
 * Probes one service's dependency directly. Returning a result reports it; throwing reports the
 * service {@code DOWN} with the exception's message. The mesh bounds every call by its timeout.
 */
@FunctionalInterface
public interface HealthCheck {

	/**
	 * Probes the dependency.
	 * @return what the probe found
	 * @throws Exception when the probe failed
	 */
	ProbeResult check() throws Exception;

	/**
	 * Drops the client the check calls through and builds a new one. The mesh calls it when a
	 * check is still running at the next health round, past its timeout: the client is stuck (a
	 * connection wedged on a frozen peer, a channel waiting out a long back-off), and checks on it
	 * would only wait behind. It runs on a thread of its own, at most once for each stuck check;
	 * closing the old client usually ends the stuck call, and either way the next round checks on
	 * the new one. The default does nothing, and the next round checks on the same client.
	 * @throws Exception when the client could not be rebuilt
	 */
	default void rebuildClient() throws Exception {
	}

	/**
	 * The check of an instance looked up at each call, such as a bean created after the check
	 * was registered; both the check and the rebuild of its client go to the instance.
	 * @param instance finds the instance
	 * @return the check
	 */
	static HealthCheck of(Supplier<? extends HealthCheck> instance) {
		Assert.notNull(instance, "'instance' must not be null");
		return new HealthCheck() {

			@Override
			public ProbeResult check() throws Exception {
				return instance.get().check();
			}

			@Override
			public void rebuildClient() throws Exception {
				instance.get().rebuildClient();
			}

		};
	}

	/**
	 * Adapts a yes/no check, the shape the Python-era guide used.
	 * @param check returns {@code true} when healthy
	 * @return the adapted check
	 */
	static HealthCheck ofBoolean(Callable<Boolean> check) {
		Assert.notNull(check, "'check' must not be null");
		return () -> Boolean.TRUE.equals(check.call()) ? ProbeResult.up() : ProbeResult.down("check returned false");
	}

}
