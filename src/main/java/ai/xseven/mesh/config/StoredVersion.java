package ai.xseven.mesh.config;

import java.time.Instant;
import java.util.Map;

/**
 * One version of the runtime configuration.
 *
 * @param version its number
 * @param appliedAt when it was applied
 * @param source who made it
 * @param instance the instance that made it, {@code null} for versions stored before instances
 * were recorded
 * @param overrides the overrides in force after it
 * @param changes what it changed, by property
 * @param configServer the config server's values of the host's settings that one instance
 * fetched and every instance applies, {@code null} when no refresh was ever stored
 */
public record StoredVersion(long version, Instant appliedAt, String source, String instance,
		Map<String, Object> overrides, Map<String, Map<String, Object>> changes, Map<String, Object> configServer) {

	/** Version 0: no runtime changes at all. */
	public static final StoredVersion BASELINE = new StoredVersion(0, Instant.EPOCH, "baseline", null, Map.of(),
			Map.of());

	/**
	 * A version that carries no values of a config server.
	 * @param version its number
	 * @param appliedAt when it was applied
	 * @param source who made it
	 * @param instance the instance that made it
	 * @param overrides the overrides in force after it
	 * @param changes what it changed
	 */
	public StoredVersion(long version, Instant appliedAt, String source, String instance,
			Map<String, Object> overrides, Map<String, Map<String, Object>> changes) {
		this(version, appliedAt, source, instance, overrides, changes, null);
	}

}
