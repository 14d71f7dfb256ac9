package ai.xseven.mesh.health;

import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.startup.UnknownServiceException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /health/system} and {@code /health/service/{name}}, answered from the checker's latest
 * results.
 */
@RestController
class HealthController {

	private final HealthChecker healthChecker;

	private final FleetState fleet;

	HealthController(HealthChecker healthChecker, FleetState fleet) {
		this.healthChecker = healthChecker;
		this.fleet = fleet;
	}

	@GetMapping("/health/system")
	ResponseEntity<SystemHealth> system() {
		SystemHealth health = this.healthChecker.getSystemHealth().withFleet(this.fleet);
		HttpStatus status = health.status() == SystemStatus.DOWN ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK;
		return ResponseEntity.status(status).body(health);
	}

	@GetMapping("/health/service/{name}")
	ResponseEntity<ServiceHealth> service(@PathVariable String name,
			@RequestParam(defaultValue = "false") boolean refresh) {
		ServiceHealth health = (refresh ? this.healthChecker.refresh(name) : this.healthChecker.getServiceHealth(name))
			.orElseThrow(() -> new UnknownServiceException(name));
		HttpStatus status = (health.status() == ServiceStatus.UP) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
		return ResponseEntity.status(status).body(health);
	}

}
