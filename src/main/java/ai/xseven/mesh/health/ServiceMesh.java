package ai.xseven.mesh.health;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.xseven.mesh.registry.ServiceSnapshot;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.StartupOrchestrator;

/**
 * The Java face of the Python-era {@code get_service_mesh()}: one status of the whole host.
 */
public class ServiceMesh {

	private final HealthChecker healthChecker;

	private final CircuitManager circuitManager;

	private final StartupOrchestrator orchestrator;

	public ServiceMesh(HealthChecker healthChecker, CircuitManager circuitManager, StartupOrchestrator orchestrator) {
		this.healthChecker = healthChecker;
		this.circuitManager = circuitManager;
		this.orchestrator = orchestrator;
	}

	/**
	 * The system's health, every breaker and each service's start-up time.
	 * @return the status
	 */
	public MeshStatus getStatus() {
		SystemHealth health = this.healthChecker.getSystemHealth();
		Map<String, Long> startupMs = new LinkedHashMap<>();
		for (ServiceSnapshot service : this.orchestrator.getSystemStatus().services()) {
			if (service.startupDuration() != null) {
				startupMs.put(service.name(), service.startupDuration().toMillis());
			}
		}
		return new MeshStatus(health.status(), health.startupMode(), health.fallbackReason(), health.checkedAt(),
				health.services(), this.circuitManager.getSystemHealth().breakers(), startupMs);
	}

}
