package ai.xseven.mesh.redis;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import ai.xseven.mesh.resilience.CircuitBreakersSettings;
import ai.xseven.mesh.resilience.CircuitManager;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * What the host's breakers cost a caller (JMH, run by {@code bench/breakers.sh}, not by the
 * build): a call through a breaker as the integrations hold it ({@link CircuitManager#current},
 * which follows a breaker replaced by a settings change) beside the same call on a Resilience4j
 * breaker held directly; and a {@link RedisMeshCache} read answered by its fallback while the
 * breaker is open.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BreakerBenchmarks {

	private CircuitBreaker raw;

	private Supplier<CircuitBreaker> mesh;

	private RedisMeshCache openCache;

	private final Supplier<String> work = () -> "value";

	@Setup
	public void setUp() {
		this.raw = CircuitBreaker.ofDefaults("raw");
		CircuitManager circuits = new CircuitManager(CircuitBreakerRegistry.ofDefaults(),
				CircuitBreakersSettings.bind(new Binder(new MapConfigurationPropertySource(Map.of()))));
		this.mesh = circuits.current(RedisConfiguration.SERVICE);
		Supplier<CircuitBreaker> open = circuits.current("redis-open");
		open.get().transitionToForcedOpenState();
		// Never started: with the breaker open, no command reaches it.
		this.openCache = new RedisMeshCache(new RedisConnector(new RedisProperties()), open, new SimpleMeterRegistry());
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	public String rawResilience4jBreaker() {
		return this.raw.executeSupplier(this.work);
	}

	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	public String meshBreaker() {
		return this.mesh.get().executeSupplier(this.work);
	}

	@Benchmark
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public Optional<String> cacheReadAnsweredByFallbackWhileOpen() {
		return this.openCache.get("session:42");
	}

}
