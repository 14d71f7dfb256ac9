package ai.xseven.mesh.resilience;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health/circuit-breakers}: every breaker with its state and counts.
 */
@RestController
class CircuitBreakersController {

	private final CircuitManager circuitManager;

	CircuitBreakersController(CircuitManager circuitManager) {
		this.circuitManager = circuitManager;
	}

	@GetMapping("/health/circuit-breakers")
	BreakersHealth breakers() {
		return this.circuitManager.getSystemHealth();
	}

}
