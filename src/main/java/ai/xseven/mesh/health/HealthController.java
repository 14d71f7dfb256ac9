package ai.xseven.mesh.health;

import ai.xseven.mesh.startup.UnknownServiceException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * {@code /health/system} and {@code /health/service/{name}}, answered from the checker's latest
 * results.
 */
@RestController
class HealthController {

	private final HealthChecker healthChecker;

	private final SystemHealthAnswer systemHealth;

	HealthController(HealthChecker healthChecker, SystemHealthAnswer systemHealth) {
		this.healthChecker = healthChecker;
		this.systemHealth = systemHealth;
	}

	/**
	 * The system's health, rendered once per change; {@code If-None-Match} with the answer's
	 * ETag gets 304 while the system is not DOWN.
	 */
	@GetMapping("/health/system")
	ResponseEntity<byte[]> system(WebRequest request) {
		SystemHealthAnswer.Rendered answer = this.systemHealth.current();
		if (answer.status() != SystemStatus.DOWN && request.checkNotModified(answer.etag())) {
			return null;
		}
		HttpStatus status = (answer.status() == SystemStatus.DOWN) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK;
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.eTag(answer.etag())
			.body(answer.body());
	}

	@GetMapping("/health/service/{name}")
	ResponseEntity<ServiceHealth> service(@PathVariable String name,
			@RequestParam(defaultValue = "false") boolean refresh) {
		ServiceHealth health = (refresh ? this.healthChecker.refresh(name) : this.healthChecker.getServiceHealth(name))
			.orElseThrow(() -> new UnknownServiceException(name));
		HttpStatus status = health.up() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
		return ResponseEntity.status(status).body(health);
	}

}
