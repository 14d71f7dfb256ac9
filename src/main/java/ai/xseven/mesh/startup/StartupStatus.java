package ai.xseven.mesh.startup;

import java.util.List;

import ai.xseven.mesh.registry.ServiceSnapshot;
import ai.xseven.mesh.registry.ServiceState;

/**
 * The orchestrator's view of the start-up: its mode, why it fell back, whether the first
 * attempt of every service has ended, and each service's lifecycle.
 *
 * @param mode how the services were started
 * @param fallbackReason why the mesh start-up fell back to legacy, or {@code null}
 * @param completed whether the first start attempt of every service has ended
 * @param services every service, in registration order
 */
public record StartupStatus(StartupMode mode, String fallbackReason, boolean completed, List<ServiceSnapshot> services) {

	/**
	 * How many services run, and which do not, for a log line.
	 * @return e.g. {@code 5 of 6 services running; not running: [dspy FAILED]}
	 */
	public String summary() {
		long runningCount = this.services.stream().filter((service) -> service.state() == ServiceState.RUNNING).count();
		List<String> notRunning = this.services.stream()
			.filter((service) -> service.state() != ServiceState.RUNNING)
			.map((service) -> service.name() + " " + service.state())
			.toList();
		return runningCount + " of " + this.services.size() + " services running"
				+ (notRunning.isEmpty() ? "" : "; not running: " + notRunning);
	}

}
