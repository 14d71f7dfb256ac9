package ai.xseven.mesh.config.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.config.AppliedConfig;
import ai.xseven.mesh.config.ConfigChangeStore;
import ai.xseven.mesh.config.ConfigCipher;
import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.ConfigServerLayer;
import ai.xseven.mesh.config.ConfigVersions;
import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.config.StoredVersion;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ServiceState;

/**
 * Puts versions stored by any instance in force on this one, through the same transaction as a
 * change, and keeps what this instance runs (and why not the latest, when it cannot) in its
 * {@link FleetState}. Called with the reloader's lock held.
 */
class StoredVersionApplier {

	private static final Log logger = LogFactory.getLog(StoredVersionApplier.class);

	/** How long a stored version whose services did not reconnect waits for another try. */
	static final Duration RECONNECT_RETRY = Duration.ofMinutes(1);

	private final ConfigVersions store;

	private final FleetState fleet;

	private final ConfigTransaction transaction;

	private final ServiceReconnector reconnector;

	private final ConfigServerLayer configServer;

	StoredVersionApplier(ConfigVersions store, FleetState fleet, ConfigTransaction transaction,
			ServiceReconnector reconnector, ConfigServerLayer configServer) {
		this.store = store;
		this.fleet = fleet;
		this.transaction = transaction;
		this.reconnector = reconnector;
		this.configServer = configServer;
	}

	/**
	 * Puts the latest stored version in force when it is newer than the one in force here (and
	 * did not fail here before).
	 * @return the latest stored version's number
	 */
	long catchUp() {
		long latest = this.store.latestVersion();
		AppliedConfig applied = this.fleet.applied();
		if (latest > applied.version() && !applied.skips(latest, Instant.now())) {
			try {
				this.store.latest().ifPresent(this::apply);
			}
			catch (ConfigCipher.UndecryptableVersionException ex) {
				notApplied(ex.getVersion(), ex.getMessage(), null);
			}
		}
		return latest;
	}

	/**
	 * Puts a stored version in force. One that is not valid here, or whose services do not
	 * reconnect, is not applied: the one in force stays, and the instance reports why.
	 * @param stored the version
	 * @return whether it was valid here and applied
	 */
	boolean apply(StoredVersion stored) {
		List<String> placeholders = stored.overrides().entrySet().stream()
			.filter((entry) -> ChangeScreen.placeholder(entry.getValue()))
			.map(Map.Entry::getKey)
			.toList();
		if (!placeholders.isEmpty()) {
			return notApplied(stored, "the values of " + placeholders
					+ " contain '${' and values are never resolved as placeholders", null);
		}
		List<ConfigError> errors = new ArrayList<>();
		// The config server's values one instance fetched and stored; those in force if none were.
		Map<String, Object> configServerValues = (stored.configServer() != null) ? stored.configServer()
				: this.configServer.inForce();
		ConfigTransaction.Prepared prepared = this.transaction
			.prepare(ConfigBinder.Candidate.of(stored.overrides(), configServerValues), errors);
		if (!errors.isEmpty()) {
			return notApplied(stored, "it is not valid here: "
					+ errors.stream().map((error) -> error.field() + " " + error.message()).toList(), null);
		}
		Map<String, Map<String, Object>> diff = prepared.changes();
		List<String> starting = this.reconnector.in(prepared.affected(), ServiceState.STARTING);
		if (!starting.isEmpty()) {
			// It would start with the old settings and the version would say otherwise.
			return notApplied(stored, starting + " is starting; tried again at the next read", Instant.MIN);
		}
		List<String> running = this.reconnector.in(prepared.affected(), ServiceState.RUNNING);
		String unreachable = this.transaction.probe(prepared, running);
		if (unreachable != null) {
			// Its services keep their target; nothing restarted, so tried again at the next read.
			return notApplied(stored, unreachable, Instant.MIN);
		}
		ConfigTransaction.Applied applied = this.transaction.apply(prepared, running);
		if (applied.failure() != null) {
			// Its services were restarted twice: tried again a while later, not at every read.
			return notApplied(stored, applied.failure() + this.transaction.undo(applied),
					Instant.now().plus(RECONNECT_RETRY));
		}
		this.fleet.applied(AppliedConfig.of(stored.version()));
		if (!diff.isEmpty()) {
			logger.info("Stored configuration version " + stored.version() + " (" + stored.source() + ", instance "
					+ stored.instance() + ") applied: changed " + diff.keySet()
					+ (applied.restarted().isEmpty() ? "" : "; restarted " + applied.restarted()));
		}
		return true;
	}

	/**
	 * Whether a version just stored is what this instance runs: no other instance's values came in
	 * between.
	 * @param stored the version
	 * @param overrides the runtime values in force here
	 * @return whether it needs no applying here
	 */
	boolean inForceHere(StoredVersion stored, Map<String, Object> overrides) {
		return stored.overrides().equals(overrides)
				&& (stored.configServer() == null || stored.configServer().equals(this.configServer.inForce()));
	}

	/**
	 * Encrypts and masks the secrets of versions stored in clear, as far as this host can, and
	 * says what it did; a failure is logged, never thrown.
	 */
	void seal() {
		try {
			ConfigChangeStore.Sealing sealing = this.store.sealStoredSecrets();
			if (sealing.rewritten() > 0) {
				logger.info(sealing.rewritten() + " stored configuration versions rewritten: their secrets "
						+ "encrypted and their changes masked");
			}
			if (sealing.inClear() > 0) {
				logger.warn(sealing.inClear() + " stored configuration versions hold a secret in clear: set "
						+ "ENCRYPT_KEY (the same on every instance) to have them encrypted at the next start");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("The stored configuration versions could not be checked for secrets in clear: "
					+ Failures.describe(ex));
		}
	}

	// Why a stored version is not in force here, and when to try it again (see AppliedConfig).
	private boolean notApplied(StoredVersion stored, String why, Instant retryAt) {
		return notApplied(stored.version(), why, retryAt);
	}

	private boolean notApplied(long stored, String why, Instant retryAt) {
		AppliedConfig before = this.fleet.applied();
		AppliedConfig after = before.failed(stored, why, retryAt);
		this.fleet.applied(after);
		// Once per failure, not at every read that meets it again.
		if (!Objects.equals(before.error(), after.error())) {
			logger.error("Stored configuration version " + stored + " was not applied, version " + after.version()
					+ " stays in force: " + why);
		}
		return false;
	}

}
