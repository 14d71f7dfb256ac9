package ai.xseven.mesh.config.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.config.AppliedConfig;
import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.ConfigSections;
import ai.xseven.mesh.config.ConfigServerLayer;
import ai.xseven.mesh.config.ConfigVersions;
import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.config.StoredVersion;
import ai.xseven.mesh.registry.Failures;

import org.springframework.core.env.PropertySource;

/**
 * The sources of configuration other than the runtime values: an edit of the configuration file
 * and a refresh from the config server. Each is applied through the same transaction as a change
 * and recorded in the history (the runtime values stored stay the latest ones); when invalid it
 * is logged and ignored. Called with the reloader's lock held.
 */
class SourceReloader {

	private static final Log logger = LogFactory.getLog(SourceReloader.class);

	private static final String CONFIG_SERVER = "config-server";

	private final RuntimeOverrides overrides;

	private final ConfigSections sections;

	private final ConfigVersions store;

	private final FleetState fleet;

	private final ConfigTransaction transaction;

	private final StoredVersionApplier storedVersions;

	private final ConfigServerLayer configServer;

	private final ConfigReloads counts;

	SourceReloader(RuntimeOverrides overrides, ConfigSections sections, ConfigVersions store, FleetState fleet,
			ConfigTransaction transaction, StoredVersionApplier storedVersions, ConfigServerLayer configServer,
			ConfigReloads counts) {
		this.overrides = overrides;
		this.sections = sections;
		this.store = store;
		this.fleet = fleet;
		this.transaction = transaction;
		this.storedVersions = storedVersions;
		this.configServer = configServer;
		this.counts = counts;
	}

	/**
	 * Applies a new reading of the configuration file at its own precedence, validated and all or
	 * nothing like any change, and records it with source {@code file}. An invalid reading is
	 * logged with the file's path and errors and ignored.
	 * @param file the file
	 * @param reading its new reading, {@code null} when it was removed
	 * @return what changed, empty when the reading was ignored or changed nothing
	 */
	Optional<ChangeOutcome> reloadFile(Path file, PropertySource<?> reading) {
		return reload("Configuration file " + file,
				new ConfigBinder.Candidate(this.overrides.current(), this.configServer.inForce(), file, reading), "file");
	}

	/**
	 * Applies what a refresh from the config server fetched, validated like any change, and stores
	 * the host's settings of it with the version, so that every instance puts the same values in
	 * force. When it is not valid, the values in force before stay in force, in the environment
	 * too (Spring Cloud has put the fetched ones there already).
	 * @return what changed, empty when the refresh was ignored or changed nothing
	 */
	Optional<ChangeOutcome> reloadFromEnvironment() {
		Map<String, Object> fetched = this.configServer.fetched(this.overrides.live());
		Optional<ChangeOutcome> outcome = reload("Configuration from the config server",
				ConfigBinder.Candidate.of(this.overrides.current(), fetched), CONFIG_SERVER);
		if (outcome.isEmpty()) {
			// Not applied, or nothing changed: the values in force hide the fetched ones again.
			this.configServer.putInForce(this.overrides.live(), this.configServer.inForce());
		}
		return outcome;
	}

	// A source other than the runtime values: applied like a change, recorded in the history (the
	// runtime values stored stay the latest ones), and when invalid logged and ignored.
	private Optional<ChangeOutcome> reload(String what, ConfigBinder.Candidate candidate, String historySource) {
		List<ConfigError> errors = new ArrayList<>();
		ConfigTransaction.Prepared prepared = this.transaction.prepare(candidate, errors);
		List<ConfigError> fixed = errors.isEmpty() ? ChangeScreen.fixedAtRuntime(prepared.changes().keySet())
				: List.of();
		if (!fixed.isEmpty()) {
			// The store of record and the admin token change only with a restart: the reading's
			// other values are applied now, these at the next start (when the file is read anew).
			logger.warn(what + " changes settings that take effect at the next start only: "
					+ fixed.stream().map((error) -> error.field() + " " + error.message()).toList());
			candidate = candidate.without(fixed.stream().map(ConfigError::field).toList());
			prepared = this.transaction.prepare(candidate, errors);
			errors.addAll(ChangeScreen.fixedAtRuntime(prepared.changes().keySet()));
		}
		if (!errors.isEmpty()) {
			this.counts.count("rejected");
			logger.error(what + " was not applied: "
					+ errors.stream().map((error) -> error.field() + " " + error.message()).toList());
			return Optional.empty();
		}
		Map<String, Map<String, Object>> diff = prepared.changes();
		// The config server's values are the fleet's even when another source shadows them now.
		boolean fetchedAnew = CONFIG_SERVER.equals(historySource)
				&& !candidate.configServer().equals(this.configServer.inForce());
		if (diff.isEmpty() && !fetchedAnew) {
			return Optional.empty();
		}
		ConfigTransaction.Applied applied = this.transaction.apply(prepared, prepared.affected());
		if (applied.failure() != null) {
			String back = this.transaction.undo(applied);
			this.counts.count("rolled_back");
			logger.error(what + " was rolled back: " + applied.failure() + back);
			return Optional.empty();
		}
		long recorded = this.fleet.applied().version();
		try {
			// Only a refresh stores the config server's values: another source keeps the latest ones.
			StoredVersion stored = this.store.save(historySource, this.fleet.instance().id(),
					StoredVersion::overrides, diff, fetchedAnew ? candidate.configServer() : null);
			recorded = stored.version();
			if (this.storedVersions.inForceHere(stored, this.overrides.current())) {
				this.fleet.applied(AppliedConfig.of(recorded));
			}
			else {
				this.storedVersions.apply(stored);
			}
		}
		catch (RuntimeException ex) {
			logger.warn(what + " applied but not recorded in the history: " + Failures.describe(ex));
		}
		this.counts.count("applied");
		logger.info(what + " applied as version " + recorded + ": changed " + diff.keySet() + ", restarted "
				+ applied.restarted());
		return Optional.of(new ChangeOutcome(recorded, diff, applied.restarted(), false,
				diff.keySet().stream().filter(this.sections::restartRequired).toList()));
	}

}
