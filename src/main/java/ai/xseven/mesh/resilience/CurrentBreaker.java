package ai.xseven.mesh.resilience;

import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The breaker of one name as the registry has it now, kept in step by the registry's events so
 * that a call costs one volatile read; one made afresh after a removal.
 */
final class CurrentBreaker implements Supplier<CircuitBreaker> {

	private final Supplier<CircuitBreaker> afresh;

	private volatile CircuitBreaker breaker;

	CurrentBreaker(CircuitBreaker breaker, Supplier<CircuitBreaker> afresh) {
		this.breaker = breaker;
		this.afresh = afresh;
	}

	/**
	 * Follows the registry.
	 * @param breaker the breaker the registry now has, {@code null} after a removal
	 */
	void follow(CircuitBreaker breaker) {
		this.breaker = breaker;
	}

	@Override
	public CircuitBreaker get() {
		CircuitBreaker current = this.breaker;
		return (current != null) ? current : this.afresh.get();
	}

}
