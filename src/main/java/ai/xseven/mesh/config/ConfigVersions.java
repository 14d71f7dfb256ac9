package ai.xseven.mesh.config;

import java.util.Map;
import java.util.Optional;

import ai.xseven.mesh.config.ConfigChangeStore.Merge;

/**
 * Where the fleet's configuration versions are kept: {@link ConfigChangeStore} in PostgreSQL.
 */
public interface ConfigVersions {

	/**
	 * Stores a new version on top of the latest one, merged onto it.
	 * @param source who made it
	 * @param instance the instance that made it
	 * @param merge the overrides in force after it, from the latest stored version
	 * @param changes what it changed, by property
	 * @param configServer the config server's values in force after it, {@code null} to keep the
	 * latest version's
	 * @return the stored version
	 */
	StoredVersion save(String source, String instance, Merge merge, Map<String, Map<String, Object>> changes,
			Map<String, Object> configServer);

	/**
	 * Stores a new version that keeps the latest version's values of a config server.
	 * @param source who made it
	 * @param instance the instance that made it
	 * @param merge the overrides in force after it, from the latest stored version
	 * @param changes what it changed, by property
	 * @return the stored version
	 */
	default StoredVersion save(String source, String instance, Merge merge, Map<String, Map<String, Object>> changes) {
		return save(source, instance, merge, changes, null);
	}

	/**
	 * The number of the newest version.
	 * @return it, 0 when nothing was ever changed
	 */
	long latestVersion();

	/**
	 * The newest version.
	 * @return it, empty when nothing was ever changed
	 */
	Optional<StoredVersion> latest();

	/**
	 * Rewrites versions stored with secrets in clear: masked changes, encrypted values.
	 * @return what was rewritten, and what still holds a secret in clear
	 */
	default ConfigChangeStore.Sealing sealStoredSecrets() {
		return new ConfigChangeStore.Sealing(0, 0);
	}

	/**
	 * Asks the store a question that needs no table, to learn whether it answers.
	 */
	void ping();

}
