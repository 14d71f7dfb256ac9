package ai.xseven.mesh.registry;

import java.util.concurrent.Callable;

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
	 * Adapts a yes/no check, the shape the Python-era guide used.
	 * @param check returns {@code true} when healthy
	 * @return the adapted check
	 */
	static HealthCheck ofBoolean(Callable<Boolean> check) {
		Assert.notNull(check, "'check' must not be null");
		return () -> Boolean.TRUE.equals(check.call()) ? ProbeResult.up() : ProbeResult.down("check returned false");
	}

}
