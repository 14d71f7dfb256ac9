package ai.xseven.mesh.redis;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.cache.MeshCache;
import ai.xseven.mesh.metrics.MeshMeters;
import ai.xseven.mesh.registry.Failures;

import org.springframework.util.Assert;

/**
 * {@link MeshCache} over the {@code redis} service, each call through its circuit breaker.
 */
class RedisMeshCache implements MeshCache {

	private static final Log logger = LogFactory.getLog(RedisMeshCache.class);

	private final RedisConnector connector;

	private final Supplier<CircuitBreaker> breaker;

	private final MeterRegistry meterRegistry;

	RedisMeshCache(RedisConnector connector, Supplier<CircuitBreaker> breaker, MeterRegistry meterRegistry) {
		this.connector = connector;
		this.breaker = breaker;
		this.meterRegistry = meterRegistry;
	}

	@Override
	public Optional<String> get(String key) {
		Assert.hasText(key, "'key' must not be empty");
		return call(() -> Optional.ofNullable(this.connector.template().opsForValue().get(key)), "cache-get-miss")
			.orElse(Optional.empty());
	}

	@Override
	public void put(String key, String value, Duration ttl) {
		Assert.hasText(key, "'key' must not be empty");
		Assert.notNull(value, "'value' must not be null");
		Assert.isTrue(ttl != null && !ttl.isNegative() && !ttl.isZero(), "'ttl' must be positive");
		call(() -> {
			this.connector.template().opsForValue().set(key, value, ttl);
			return Boolean.TRUE;
		}, "cache-put-skipped");
	}

	@Override
	public void delete(String key) {
		Assert.hasText(key, "'key' must not be empty");
		call(() -> this.connector.template().delete(key), "cache-delete-skipped");
	}

	private <T> Optional<T> call(Supplier<T> command, String fallbackPath) {
		try {
			return Optional.ofNullable(this.breaker.get().executeSupplier(command));
		}
		catch (RuntimeException ex) {
			logger.debug("Redis unavailable, " + fallbackPath + ": " + Failures.describe(ex));
			MeshMeters.fallback(this.meterRegistry, RedisConfiguration.SERVICE, fallbackPath);
			return Optional.empty();
		}
	}

}
