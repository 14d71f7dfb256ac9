package ai.xseven.mesh.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.config.ConfigError;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitManagerTests {

	@Test
	void breakerWithBuiltInDefaultsOpensAfterTenFailuresInARow() {
		CircuitManager manager = manager(Map.of());
		CircuitBreaker breaker = manager.breaker("redis");
		for (int i = 0; i < 9; i++) {
			breaker.onError(0, TimeUnit.MILLISECONDS, new IllegalStateException("down"));
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		breaker.onError(0, TimeUnit.MILLISECONDS, new IllegalStateException("down"));
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
			.isEqualTo(Duration.ofSeconds(15).toMillis());
		assertThat(manager.getSystemHealth().status()).isEqualTo("DEGRADED");
		assertThat(manager.getMetrics("redis").failedCalls()).isEqualTo(10);
	}

	@Test
	void ownSettingsOverrideDefaultsWhichOverrideBuiltInValues() {
		CircuitManager manager = manager(Map.of("circuit-breakers.defaults.minimum-number-of-calls", "4",
				"circuit-breakers.kafka.sliding-window-size", "8"));
		CircuitBreaker kafka = manager.breaker("kafka");
		assertThat(kafka.getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(4);
		assertThat(kafka.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(8);
		assertThat(manager.breaker("redis").getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(20);
		assertThat(manager.getSystemHealth().status()).isEqualTo("UP");
		assertThat(manager.getAllBreakers()).containsOnlyKeys("kafka", "redis");
	}

	@Test
	void outOfRangeSettingsAreReportedWithTheirField() {
		Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
		CircuitBreakersSettings settings = CircuitBreakersSettings.bind(new Binder(new MapConfigurationPropertySource(
				Map.of("circuit-breakers.redis.failure-rate-threshold", "150"))));
		assertThat(settings.validate(validator)).containsExactly(new ConfigError(
				"circuit-breakers.redis.failure-rate-threshold", "must be between 1 and 100 (percent)"));
	}

	@Test
	void transitionsAreCountedByBreakerAndStates() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		new BreakerTransitions(meters).follow(registry);
		CircuitManager manager = new CircuitManager(registry, new CircuitBreakersSettings(Map.of()));
		manager.breaker("redis").transitionToOpenState();
		assertThat(meters.get("mesh.breaker.transitions").tags("breaker", "redis", "from", "CLOSED", "to", "OPEN")
			.counter().count()).isEqualTo(1);
	}

	@Test
	void resilience4jSeriesFollowAReplacedBreaker() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
		CircuitManager manager = new CircuitManager(registry, new CircuitBreakersSettings(Map.of()));
		Supplier<CircuitBreaker> redis = manager.current("redis");
		manager.reconfigure(CircuitBreakersSettings.bind(new Binder(
				new MapConfigurationPropertySource(Map.of("circuit-breakers.redis.minimum-number-of-calls", "3")))));
		redis.get().transitionToForcedOpenState();
		assertThat(meters.get("resilience4j.circuitbreaker.state").tags("name", "redis", "state", "forced_open")
			.gauge().value()).isEqualTo(1.0);
		assertThat(meters.find("resilience4j.circuitbreaker.state").tags("name", "redis").gauges()).hasSize(6);
	}

	@Test
	void reconfigureReplacesChangedBreakersInTheSameStateForEveryHolder() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		new BreakerTransitions(meters).follow(registry);
		CircuitManager manager = new CircuitManager(registry, new CircuitBreakersSettings(Map.of()));
		Supplier<CircuitBreaker> redis = manager.current("redis");
		CircuitBreaker kafka = manager.breaker("kafka");
		CircuitBreaker before = redis.get();
		before.transitionToOpenState();

		List<String> replaced = manager.reconfigure(CircuitBreakersSettings.bind(new Binder(
				new MapConfigurationPropertySource(Map.of("circuit-breakers.redis.wait-duration-in-open-state", "45s")))));

		assertThat(replaced).containsExactly("redis");
		assertThat(redis.get()).isNotSameAs(before);
		assertThat(redis.get().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(redis.get().getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
			.isEqualTo(45_000L);
		assertThat(manager.breaker("kafka")).isSameAs(kafka);
		redis.get().transitionToHalfOpenState();
		assertThat(meters.get("mesh.breaker.transitions").tags("breaker", "redis", "from", "OPEN", "to", "HALF_OPEN")
			.counter().count()).isEqualTo(1);
	}

	@Test
	void anOperatorsStateHoldsTheBreakerAcrossSettingsChangesUntilReleasedOrReset() {
		CircuitManager manager = manager(Map.of());
		CircuitBreaker redis = manager.breaker("redis");
		manager.reconfigure(settings(Map.of("circuit-breakers.redis.state", "FORCED_OPEN")));
		assertThat(manager.breaker("redis").getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
		// Another setting replaces the breaker; the state held stays.
		manager.reconfigure(settings(Map.of("circuit-breakers.redis.state", "FORCED_OPEN",
				"circuit-breakers.redis.minimum-number-of-calls", "4")));
		assertThat(manager.breaker("redis")).isNotSameAs(redis);
		assertThat(manager.breaker("redis").getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
		manager.reconfigure(settings(Map.of("circuit-breakers.redis.state", "DISABLED")));
		assertThat(manager.breaker("redis").getState()).isEqualTo(CircuitBreaker.State.DISABLED);
		manager.reconfigure(settings(Map.of()));
		assertThat(manager.breaker("redis").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		// A breaker opened by its calls is not released by a settings change, only by a reset.
		manager.breaker("redis").transitionToOpenState();
		manager.reconfigure(settings(Map.of("circuit-breakers.redis.wait-duration-in-open-state", "20s")));
		assertThat(manager.breaker("redis").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		manager.reconfigure(settings(Map.of("circuit-breakers.redis.wait-duration-in-open-state", "20s",
				"circuit-breakers.redis.reset", "2026-12-01T10:00:00Z")));
		assertThat(manager.breaker("redis").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(manager.breaker("kafka").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		// A rollback to an earlier reset is no reset.
		manager.breaker("redis").transitionToOpenState();
		manager.reconfigure(settings(Map.of("circuit-breakers.redis.wait-duration-in-open-state", "20s",
				"circuit-breakers.redis.reset", "2026-12-01T09:00:00Z")));
		assertThat(manager.breaker("redis").getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void aBreakerCreatedWhileAStateIsHeldStartsInIt() {
		CircuitManager manager = manager(Map.of("circuit-breakers.dspy.state", "METRICS_ONLY"));
		assertThat(manager.breaker("dspy").getState()).isEqualTo(CircuitBreaker.State.METRICS_ONLY);
	}

	@Test
	void noStateOrResetIsTakenFromTheDefaults() {
		Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
		CircuitBreakersSettings settings = settings(Map.of("circuit-breakers.defaults.state", "FORCED_OPEN"));
		assertThat(settings.validate(validator)).extracting(ConfigError::field)
			.containsExactly("circuit-breakers.defaults.state");
		assertThat(settings.forBreaker("redis").getState()).isNull();
	}

	private static CircuitBreakersSettings settings(Map<String, String> properties) {
		return CircuitBreakersSettings.bind(new Binder(new MapConfigurationPropertySource(properties)));
	}

	private static CircuitManager manager(Map<String, String> properties) {
		return new CircuitManager(CircuitBreakerRegistry.ofDefaults(),
				CircuitBreakersSettings.bind(new Binder(new MapConfigurationPropertySource(properties))));
	}

}
