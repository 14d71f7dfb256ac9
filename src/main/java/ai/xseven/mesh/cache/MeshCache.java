package ai.xseven.mesh.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * A small string cache for X-Seven code, backed by Redis behind the {@code redis} circuit
 * breaker. It never fails its caller: while Redis is down or the breaker is open, reads miss and
 * writes are skipped, and each such fallback is counted in {@code mesh_fallbacks_total}.
 */
public interface MeshCache {

	/**
	 * The value stored under a key.
	 * @param key the key
	 * @return the value, empty when absent or when Redis is unavailable
	 */
	Optional<String> get(String key);

	/**
	 * Stores a value that expires after the given time; skipped when Redis is unavailable.
	 * @param key the key
	 * @param value the value
	 * @param ttl how long to keep it
	 */
	void put(String key, String value, Duration ttl);

	/**
	 * Removes a key; skipped when Redis is unavailable.
	 * @param key the key
	 */
	void delete(String key);

}
