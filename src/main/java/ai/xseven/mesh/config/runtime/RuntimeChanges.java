package ai.xseven.mesh.config.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

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
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.startup.RestartInProgressException;
import ai.xseven.mesh.web.PreconditionFailedException;

/**
 * Changes of the runtime values (a change, a rollback, a breaker command): screened, bound and
 * validated, probed, put in force through the transaction, and stored as the fleet's next version
 * merged onto the latest one; on any failure the old configuration is back. Called with the
 * reloader's lock held.
 */
class RuntimeChanges {

	private static final Log logger = LogFactory.getLog(RuntimeChanges.class);

	private final RuntimeOverrides overrides;

	private final ConfigSections sections;

	private final ConfigVersions store;

	private final FleetState fleet;

	private final ChangeScreen screen;

	private final ConfigBinder binder;

	private final ConfigTransaction transaction;

	private final StoredVersionApplier storedVersions;

	private final ServiceReconnector reconnector;

	private final ConfigServerLayer configServer;

	private final ConfigReloads counts;

	RuntimeChanges(RuntimeOverrides overrides, ConfigSections sections, ConfigVersions store, FleetState fleet,
			ChangeScreen screen, ConfigBinder binder, ConfigTransaction transaction,
			StoredVersionApplier storedVersions, ServiceReconnector reconnector, ConfigServerLayer configServer,
			ConfigReloads counts) {
		this.overrides = overrides;
		this.sections = sections;
		this.store = store;
		this.fleet = fleet;
		this.screen = screen;
		this.binder = binder;
		this.transaction = transaction;
		this.storedVersions = storedVersions;
		this.reconnector = reconnector;
		this.configServer = configServer;
		this.counts = counts;
	}

	/**
	 * Validates a change and, unless it is a dry run, applies it and stores it as the fleet's next
	 * version, merged onto the latest stored one (which this instance first catches up with).
	 * @param edit what the change sets, removes or replaces
	 * @param options a dry run, forced, with settings read only at start
	 * @param source who asks: {@code api}, {@code rollback}
	 * @param expected the version the caller saw ({@code If-Match}), {@code null} for any
	 * @return what changed
	 * @throws InvalidConfigurationException with every error, or the settings read only when the
	 * host starts unless the options allow them; nothing changed
	 * @throws PreconditionFailedException when {@code expected} is not the latest version
	 * @throws TargetUnreachableException when a changed connection target did not answer; nothing
	 * changed
	 * @throws ConfigRolledBackException when a reconnect or the storing failed, or when the change
	 * was stored but the versions stored meanwhile do not apply here; the old configuration is
	 * back in force on this instance
	 * @throws org.springframework.dao.DataAccessException when the database cannot tell the latest
	 * version; nothing changed
	 */
	ChangeOutcome change(ConfigEdit edit, ChangeOptions options, String source, Long expected) {
		long began = System.nanoTime();
		Map<String, Object> changes = edit.values();
		List<ConfigError> errors = new ArrayList<>(this.screen.screen(changes));
		if (!errors.isEmpty() && ChangeScreen.unbindable(changes)) {
			// Not bound at all: a binding error would quote a resolved value, or the name is none.
			this.counts.count("rejected");
			throw new InvalidConfigurationException(errors);
		}
		long latest = this.storedVersions.catchUp();
		if (expected != null && expected != latest) {
			throw stale(expected, latest);
		}
		Map<String, Object> old = this.overrides.current();
		Map<String, Object> candidate = edit.applyTo(old);
		ConfigTransaction.Prepared prepared = this.transaction
			.prepare(ConfigBinder.Candidate.of(candidate, this.configServer.inForce()), errors);
		List<String> atNextStart = readAtStart(old, candidate);
		if (!options.restart()) {
			atNextStart.stream()
				.filter((name) -> errors.stream().noneMatch((error) -> error.field().equals(name)))
				.toList()
				.forEach((name) -> errors.add(new ConfigError(name, "is read only when the host starts, so a change is "
						+ "in force from each instance's next start: repeat the change with ?restart=true to store it so")));
		}
		if (!errors.isEmpty()) {
			this.counts.count("rejected");
			errors.sort(Comparator.comparing(ConfigError::field));
			throw new InvalidConfigurationException(errors);
		}
		Map<String, Map<String, Object>> diff = prepared.changes();
		List<String> affected = prepared.affected();
		if (options.dryRun() || diff.isEmpty()) {
			return new ChangeOutcome(this.fleet.applied().version(), diff, options.dryRun() ? affected : List.of(), options.dryRun(), atNextStart);
		}
		if (!options.force()) {
			String unreachable = this.transaction.probe(prepared, null);
			if (unreachable != null) {
				this.counts.count("rejected");
				throw new TargetUnreachableException("Nothing was changed: " + unreachable);
			}
		}
		List<String> starting = this.reconnector.in(affected, ServiceState.STARTING);
		if (!starting.isEmpty()) {
			throw new RestartInProgressException("Nothing was changed: " + starting
					+ " is starting and cannot take new settings yet; repeat the change once it runs");
		}
		if (expected != null && this.store.latestVersion() != expected) {
			// Another instance stored a version meanwhile: refused before any service restarts.
			throw stale(expected, this.store.latestVersion());
		}
		ConfigTransaction.Applied applied = this.transaction.apply(prepared, affected);
		String failure = applied.failure();
		StoredVersion stored = null;
		RuntimeException refusal = null;
		if (failure == null) {
			try {
				stored = this.store.save(source, this.fleet.instance().id(), (last) -> merged(edit, last, candidate, expected),
						diff);
			}
			catch (PreconditionFailedException | ConfigRolledBackException ex) {
				refusal = ex;
				failure = ex.getMessage();
			}
			catch (RuntimeException ex) {
				failure = "the change could not be stored (" + Failures.describe(ex) + ")";
			}
		}
		if (failure != null) {
			String back = this.transaction.undo(applied);
			this.counts.count("rolled_back");
			logger.warn("Configuration change of " + diff.keySet() + " rolled back: " + failure + back);
			throw (refusal instanceof PreconditionFailedException) ? refusal
					: new ConfigRolledBackException("The change was rolled back: " + failure + back);
		}
		if (this.storedVersions.inForceHere(stored, candidate)) {
			this.fleet.applied(AppliedConfig.of(stored.version()));
		}
		else if (!this.storedVersions.apply(stored)) {
			// Versions stored meanwhile by other instances do not apply here: the change is the
			// fleet's (stored), but this instance goes back to what it ran before it.
			String back = this.transaction.undo(applied);
			this.counts.count("rolled_back");
			throw new ConfigRolledBackException("The change was stored as version " + stored.version()
					+ ", which other instances apply, but it is not in force here: " + this.fleet.applied().error()
					+ "; this instance reports it as its configError" + back);
		}
		this.counts.count("applied");
		logger.info("Configuration version " + stored.version() + " applied (" + source + ") in "
				+ (System.nanoTime() - began) / 1_000_000 + " ms: changed " + diff.keySet() + ", restarted "
				+ applied.restarted());
		return new ChangeOutcome(stored.version(), diff, applied.restarted(), false, atNextStart);
	}

	// The runtime values a change sets, removes or alters of the settings read only at start.
	private List<String> readAtStart(Map<String, Object> old, Map<String, Object> candidate) {
		Set<String> names = new TreeSet<>(old.keySet());
		names.addAll(candidate.keySet());
		return names.stream()
			.filter((name) -> this.sections.restartRequired(name) && !Objects.equals(old.get(name), candidate.get(name)))
			.toList();
	}

	private PreconditionFailedException stale(long expected, long latest) {
		AppliedConfig applied = this.fleet.applied();
		if (applied.version() < latest && applied.error() != null) {
			return new PreconditionFailedException("The configuration is at version " + latest + ", not " + expected
					+ "; this instance runs version " + applied.version() + " and cannot apply the latest ("
					+ applied.error() + "): make the change through another instance, or without If-Match.");
		}
		return new PreconditionFailedException("The configuration is at version " + latest + ", not " + expected
				+ "; read it again and repeat the change.");
	}

	// The change laid onto the latest stored version, checked again when versions came in between.
	private Map<String, Object> merged(ConfigEdit edit, StoredVersion latest,
			Map<String, Object> candidate, Long expected) {
		if (expected != null && latest.version() != expected) {
			throw stale(expected, latest.version());
		}
		Map<String, Object> merged = edit.applyTo(latest.overrides());
		if (!merged.equals(candidate)) {
			List<ConfigError> errors = new ArrayList<>();
			this.binder.bindAll(merged, errors);
			if (!errors.isEmpty()) {
				throw new ConfigRolledBackException("The change conflicts with version " + latest.version()
						+ ", stored meanwhile: " + errors.stream().map((e) -> e.field() + " " + e.message()).toList());
			}
		}
		return merged;
	}

}
