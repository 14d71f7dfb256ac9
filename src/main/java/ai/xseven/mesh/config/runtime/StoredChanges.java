package ai.xseven.mesh.config.runtime;

import java.util.Optional;

import ai.xseven.mesh.config.StoredVersion;

/**
 * The stored runtime configuration as the start-up sees it: whether the database answers, the
 * latest stored version, and putting one in force.
 */
interface StoredChanges {

	/**
	 * Returns once the database has answered a question that needs no table.
	 */
	void ping();

	/**
	 * Encrypts and masks the secrets of versions stored in clear, as far as this host can; a
	 * failure is logged, never thrown.
	 */
	void seal();

	/**
	 * The latest stored version.
	 * @return the version, empty when none was stored
	 */
	Optional<StoredVersion> read();

	/**
	 * Puts a stored version in force.
	 * @param version the version
	 * @return whether it was valid here and applied
	 */
	boolean apply(StoredVersion version);

}
