package ai.xseven.mesh.admin;

import java.util.List;

import ai.xseven.mesh.health.HealthChecker;
import ai.xseven.mesh.health.ServiceHealth;
import ai.xseven.mesh.health.ServiceStatus;
import ai.xseven.mesh.startup.RestartResult;
import ai.xseven.mesh.startup.StartupOrchestrator;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/restart-service/{name}}: restarts a service and its dependents.
 */
@RestController
class AdminController {

	private final StartupOrchestrator orchestrator;

	private final HealthChecker healthChecker;

	AdminController(StartupOrchestrator orchestrator, HealthChecker healthChecker) {
		this.orchestrator = orchestrator;
		this.healthChecker = healthChecker;
	}

	@PostMapping("/admin/restart-service/{name}")
	RestartAnswer restart(@PathVariable String name) {
		RestartResult result = this.orchestrator.restart(name);
		ServiceHealth health = this.healthChecker.refresh(name).orElseThrow();
		return new RestartAnswer(result.service(), result.restarted(), health.status(), result.durationMs(),
				health.error());
	}

	/**
	 * The answer of a restart.
	 *
	 * @param service the service asked for
	 * @param restarted it and its dependents, in the order they were started again
	 * @param status its health right after the restart
	 * @param durationMs how long the restart took
	 * @param error why it is not UP, or {@code null}
	 */
	record RestartAnswer(String service, List<String> restarted, ServiceStatus status, long durationMs,
			String error) {
	}

}
