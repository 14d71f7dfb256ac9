package ai.xseven.mesh.resilience;

import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;

import ai.xseven.mesh.config.ConfigError;

import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

	static final int PROVIDER_CALLS_AT_ONCE = 64;

	/**
	 * Runs the attempts of language-model and voice calls under their deadlines: a thread per call
	 * (a virtual one where requests run on virtual threads), at most
	 * {@value #PROVIDER_CALLS_AT_ONCE} at a time, a call beyond that refused at once rather than
	 * queued, so that a burst of slow provider calls cannot pile up threads.
	 */
	@Bean
	SimpleAsyncTaskExecutor providerCallExecutor(SimpleAsyncTaskExecutorBuilder builder) {
		return builder.threadNamePrefix("provider-")
			.concurrencyLimit(PROVIDER_CALLS_AT_ONCE)
			.rejectTasksWhenLimitReached(true)
			.taskTerminationTimeout(Duration.ofSeconds(5))
			.additionalCustomizers((executor) -> executor.setDaemon(true))
			.build();
	}

	@Bean
	CircuitBreakerRegistry circuitBreakerRegistry() {
		return CircuitBreakerRegistry.ofDefaults();
	}

	/**
	 * Resilience4j's own {@code resilience4j_circuitbreaker_*} series for every breaker of the
	 * registry, following breakers that are added or replaced.
	 */
	@Bean
	TaggedCircuitBreakerMetrics circuitBreakerMetrics(CircuitBreakerRegistry circuitBreakerRegistry) {
		return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakerRegistry);
	}

	/**
	 * The breakers, made from settings checked first: a breaker made from settings out of range
	 * would stop the start with Resilience4j's own message instead of the host's.
	 */
	@Bean
	CircuitManager circuitManager(CircuitBreakerRegistry circuitBreakerRegistry, CircuitBreakersSettings settings,
			MeterRegistry meterRegistry, Validator validator) {
		List<ConfigError> errors = settings.validate(validator);
		if (!errors.isEmpty()) {
			throw new IllegalStateException("Invalid circuit breaker settings: "
					+ errors.stream().map((error) -> error.field() + " " + error.message()).toList());
		}
		new BreakerTransitions(meterRegistry).follow(circuitBreakerRegistry);
		return new CircuitManager(circuitBreakerRegistry, settings);
	}

}
