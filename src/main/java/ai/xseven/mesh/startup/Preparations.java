package ai.xseven.mesh.startup;

import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.registry.Failures;

/**
 * Runs the {@link BeforeServicesStart} work in its order; one that fails is logged, and the
 * services start anyway.
 */
final class Preparations implements Runnable {

	private static final Log logger = LogFactory.getLog(StartupOrchestrator.class);

	private final Supplier<List<BeforeServicesStart>> preparations;

	Preparations(Supplier<List<BeforeServicesStart>> preparations) {
		this.preparations = preparations;
	}

	@Override
	public void run() {
		for (BeforeServicesStart preparation : this.preparations.get()) {
			try {
				preparation.prepare();
			}
			catch (RuntimeException ex) {
				logger.warn("Preparing the start-up failed, the services start anyway: " + Failures.describe(ex), ex);
			}
		}
	}

}
