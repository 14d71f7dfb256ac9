package ai.xseven.mesh.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.metrics.MeshMeters;

/**
 * Logs each breaker state transition once and counts it in
 * {@code mesh_breaker_transitions_total{breaker,from,to}}.
 */
class BreakerTransitions {

	private static final Log logger = LogFactory.getLog(BreakerTransitions.class);

	private final MeterRegistry meterRegistry;

	BreakerTransitions(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Follows every breaker the registry has or will have.
	 * @param registry the breakers' registry
	 */
	void follow(CircuitBreakerRegistry registry) {
		registry.getAllCircuitBreakers().forEach(this::follow);
		registry.getEventPublisher().onEntryAdded((event) -> follow(event.getAddedEntry()));
		registry.getEventPublisher().onEntryReplaced((event) -> follow(event.getNewEntry()));
	}

	private void follow(CircuitBreaker breaker) {
		breaker.getEventPublisher().onStateTransition(this::record);
	}

	void record(CircuitBreakerOnStateTransitionEvent event) {
		CircuitBreaker.State from = event.getStateTransition().getFromState();
		CircuitBreaker.State to = event.getStateTransition().getToState();
		String message = "Circuit breaker '" + event.getCircuitBreakerName() + "' changed from " + from + " to " + to;
		if (BreakerStates.isOpen(to.name())) {
			logger.warn(message);
		}
		else {
			logger.info(message);
		}
		Counter.builder(MeshMeters.BREAKER_TRANSITIONS)
			.description("Circuit breaker state transitions")
			.tag("breaker", event.getCircuitBreakerName())
			.tag("from", from.name())
			.tag("to", to.name())
			.register(this.meterRegistry)
			.increment();
	}

}
