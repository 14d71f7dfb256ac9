package ai.xseven.mesh.admin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.config.AppliedConfig;
import ai.xseven.mesh.config.ConfigChangeStore;
import ai.xseven.mesh.config.ConfigCipher;
import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.ConfigSections;
import ai.xseven.mesh.config.ConfigServerLayer;
import ai.xseven.mesh.config.ConfigVersions;
import ai.xseven.mesh.config.ConfigView;
import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.RestartInProgressException;
import ai.xseven.mesh.startup.RestartResult;
import ai.xseven.mesh.web.PreconditionFailedException;

import org.springframework.core.env.PropertySource;

/**
 * Changes the running configuration, all or nothing: binds the whole resulting configuration,
 * validates all of it, puts it in force, reconnects the services whose settings changed (in
 * dependency order), stores it as a new version, and puts the old configuration back when a
 * reconnect or the storing fails. One change at a time.
 */
public class ConfigReloader {

	static final String RELOADS = "mesh.config.reloads";

	private static final Log logger = LogFactory.getLog(ConfigReloader.class);

	static final String BREAKERS = ChangeScreen.BREAKERS;

	private static final String CONFIG_SERVER = "config-server";

	/** How long a stored version whose services did not reconnect waits for another try. */
	static final Duration RECONNECT_RETRY = Duration.ofMinutes(1);

	private final RuntimeOverrides overrides;

	private final ConfigSections sections;

	private final ConfigVersions store;

	private final MeterRegistry meterRegistry;

	private final FleetState fleet;

	private final ChangeScreen screen;

	private final ConfigBinder binder;

	private final ServiceReconnector reconnector;

	private final ConfigServerLayer configServer;

	private final ConfigTransaction transaction;

	private final StoredVersionApplier storedVersions;

	/**
	 * @param overrides the runtime values in the environment
	 * @param sections the configuration sections
	 * @param store where versions are kept
	 * @param restarts restarts a service and its dependents with the settings in force
	 * @param registry the services
	 * @param healthRounds reschedules the health rounds after a change of their settings
	 * @param meterRegistry where the changes are counted
	 * @param circuits the breakers, whose settings are a section too
	 * @param validator the sections' constraints
	 * @param fleet what this instance knows of the fleet, the version in force among it
	 * @param cipher what keeps secrets encrypted at rest
	 * @param prober asks changed connection targets whether they answer
	 * @param configServer the config server's values of the host's settings, the fleet's
	 */
	ConfigReloader(RuntimeOverrides overrides, ConfigSections sections, ConfigVersions store,
			Function<String, RestartResult> restarts, ServiceRegistry registry, Runnable healthRounds,
			MeterRegistry meterRegistry, CircuitManager circuits, Validator validator, FleetState fleet,
			ConfigCipher cipher, TargetProber prober, ConfigServerLayer configServer) {
		this.configServer = configServer;
		this.fleet = fleet;
		this.screen = new ChangeScreen(sections.names(), cipher);
		this.reconnector = new ServiceReconnector(registry, restarts, healthRounds);
		this.binder = new ConfigBinder(overrides, sections, circuits, validator, this.reconnector::require,
				configServer);
		this.transaction = new ConfigTransaction(this.binder, this.reconnector, prober, overrides, configServer);
		this.storedVersions = new StoredVersionApplier(store, fleet, this.transaction, this.reconnector, configServer);
		this.overrides = overrides;
		this.sections = sections;
		this.store = store;
		this.meterRegistry = meterRegistry;
		for (String result : List.of("applied", "rejected", "rolled_back")) {
			counter(result);
		}
	}

	long version() {
		return this.fleet.applied().version();
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
	synchronized Outcome change(ConfigEdit edit, Options options, String source, Long expected) {
		long began = System.nanoTime();
		Map<String, Object> changes = edit.values();
		List<ConfigError> errors = new ArrayList<>(this.screen.screen(changes));
		if (!errors.isEmpty() && ChangeScreen.unbindable(changes)) {
			// Not bound at all: a binding error would quote a resolved value, or the name is none.
			counter("rejected").increment();
			throw new InvalidConfigurationException(errors);
		}
		long latest = catchUp();
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
			counter("rejected").increment();
			errors.sort(Comparator.comparing(ConfigError::field));
			throw new InvalidConfigurationException(errors);
		}
		Map<String, Map<String, Object>> diff = prepared.changes();
		List<String> affected = prepared.affected();
		if (options.dryRun() || diff.isEmpty()) {
			return new Outcome(version(), diff, options.dryRun() ? affected : List.of(), options.dryRun(), atNextStart);
		}
		if (!options.force()) {
			String unreachable = this.transaction.probe(prepared, null);
			if (unreachable != null) {
				counter("rejected").increment();
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
		ConfigChangeStore.StoredVersion stored = null;
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
			counter("rolled_back").increment();
			logger.warn("Configuration change of " + diff.keySet() + " rolled back: " + failure + back);
			throw (refusal instanceof PreconditionFailedException) ? refusal
					: new ConfigRolledBackException("The change was rolled back: " + failure + back);
		}
		if (inForceHere(stored, candidate)) {
			this.fleet.applied(AppliedConfig.of(stored.version()));
		}
		else if (!this.storedVersions.apply(stored)) {
			// Versions stored meanwhile by other instances do not apply here: the change is the
			// fleet's (stored), but this instance goes back to what it ran before it.
			String back = this.transaction.undo(applied);
			counter("rolled_back").increment();
			throw new ConfigRolledBackException("The change was stored as version " + stored.version()
					+ ", which other instances apply, but it is not in force here: " + this.fleet.applied().error()
					+ "; this instance reports it as its configError" + back);
		}
		counter("applied").increment();
		logger.info("Configuration version " + stored.version() + " applied (" + source + ") in "
				+ (System.nanoTime() - began) / 1_000_000 + " ms: changed " + diff.keySet() + ", restarted "
				+ applied.restarted());
		return new Outcome(stored.version(), diff, applied.restarted(), false, atNextStart);
	}

	// The runtime values a change sets, removes or alters of the settings read only at start.
	private List<String> readAtStart(Map<String, Object> old, Map<String, Object> candidate) {
		Set<String> names = new TreeSet<>(old.keySet());
		names.addAll(candidate.keySet());
		return names.stream()
			.filter((name) -> this.sections.restartRequired(name) && !Objects.equals(old.get(name), candidate.get(name)))
			.toList();
	}

	// Whether a version just stored is what this instance runs: no other instance's values came in between.
	private boolean inForceHere(ConfigChangeStore.StoredVersion stored, Map<String, Object> overrides) {
		return stored.overrides().equals(overrides)
				&& (stored.configServer() == null || stored.configServer().equals(this.configServer.inForce()));
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
	private Map<String, Object> merged(ConfigEdit edit, ConfigChangeStore.StoredVersion latest,
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

	// Before a reading of another source: the runtime values under it should be the latest ones.
	private void tryCatchUp() {
		try {
			catchUp();
		}
		catch (RuntimeException ex) {
			logger.debug("The latest stored configuration version could not be read: " + Failures.describe(ex));
		}
	}

	/**
	 * Puts the latest stored version in force when it is newer than the one in force here (and
	 * did not fail here before).
	 * @return the latest stored version's number
	 */
	synchronized long catchUp() {
		return this.storedVersions.catchUp();
	}

	/**
	 * Applies a new reading of the configuration file at its own precedence, validated and all or
	 * nothing like any change, and records it in the history with source {@code file} (it is not
	 * a runtime change: the runtime values stay as they are). An invalid reading is logged with the
	 * file's path and errors and ignored.
	 * @param file the file
	 * @param reading its new reading, {@code null} when it was removed
	 * @return what changed, empty when the reading was ignored or changed nothing
	 */
	synchronized Optional<Outcome> reloadFile(Path file, PropertySource<?> reading) {
		tryCatchUp();
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
	synchronized Optional<Outcome> reloadFromEnvironment() {
		tryCatchUp();
		Map<String, Object> fetched = this.configServer.fetched(this.overrides.live());
		Optional<Outcome> outcome = reload("Configuration from the config server",
				ConfigBinder.Candidate.of(this.overrides.current(), fetched), CONFIG_SERVER);
		if (outcome.isEmpty()) {
			// Not applied, or nothing changed: the values in force hide the fetched ones again.
			this.configServer.putInForce(this.overrides.live(), this.configServer.inForce());
		}
		return outcome;
	}

	// A source other than the runtime values: applied like a change, recorded in the history (the
	// runtime values stored stay the latest ones), and when invalid logged and ignored.
	private Optional<Outcome> reload(String what, ConfigBinder.Candidate candidate, String historySource) {
		List<ConfigError> errors = new ArrayList<>();
		ConfigTransaction.Prepared prepared = this.transaction.prepare(candidate, errors);
		if (!errors.isEmpty()) {
			counter("rejected").increment();
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
			counter("rolled_back").increment();
			logger.error(what + " was rolled back: " + applied.failure() + back);
			return Optional.empty();
		}
		long recorded = version();
		try {
			// Only a refresh stores the config server's values: another source keeps the latest ones.
			ConfigChangeStore.StoredVersion stored = this.store.save(historySource, this.fleet.instance().id(),
					ConfigChangeStore.StoredVersion::overrides, diff, fetchedAnew ? candidate.configServer() : null);
			recorded = stored.version();
			if (inForceHere(stored, this.overrides.current())) {
				this.fleet.applied(AppliedConfig.of(recorded));
			}
			else {
				this.storedVersions.apply(stored);
			}
		}
		catch (RuntimeException ex) {
			logger.warn(what + " applied but not recorded in the history: " + Failures.describe(ex));
		}
		counter("applied").increment();
		logger.info(what + " applied as version " + recorded + ": changed " + diff.keySet() + ", restarted "
				+ applied.restarted());
		return Optional.of(new Outcome(recorded, diff, applied.restarted(), false,
				diff.keySet().stream().filter(this.sections::restartRequired).toList()));
	}

	/**
	 * The stored runtime configuration, for putting it in force at start.
	 * @return the database's view of it
	 */
	StoredChanges storedChanges() {
		return new StoredChanges() {

			@Override
			public void ping() {
				ConfigReloader.this.store.ping();
			}

			@Override
			public void seal() {
				try {
					ConfigChangeStore.Sealing sealing = ConfigReloader.this.store.sealStoredSecrets();
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

			@Override
			public Optional<ConfigChangeStore.StoredVersion> read() {
				return ConfigReloader.this.store.latest();
			}

			@Override
			public boolean apply(ConfigChangeStore.StoredVersion version) {
				return applyStored(version);
			}

		};
	}

	/**
	 * Puts a stored version in force: at start, before services connect, or once the database is
	 * back. A version that is not valid here, or whose services do not reconnect, is not applied:
	 * the one in force stays, and the instance reports why.
	 * @param stored the version
	 * @return whether it was valid here and applied
	 */
	synchronized boolean applyStored(ConfigChangeStore.StoredVersion stored) {
		if (stored.version() < version()) {
			// Read before a newer one came in force here: versions only go forward.
			return true;
		}
		return this.storedVersions.apply(stored);
	}

	private Counter counter(String result) {
		return Counter.builder(RELOADS)
			.description("Configuration changes by outcome: applied, rejected, rolled back")
			.tag("result", result)
			.register(this.meterRegistry);
	}

	/**
	 * How a change is to be made.
	 *
	 * @param dryRun only validate and report the difference
	 * @param force put a changed connection target in force even when it does not answer
	 * @param restart store settings read only when the host starts, in force from its next start
	 */
	record Options(boolean dryRun, boolean force, boolean restart) {

		static final Options APPLY = new Options(false, false, false);

	}

	/**
	 * What a change did, with values as they may be shown.
	 *
	 * @param version the version in force afterwards
	 * @param changes each changed setting with its old and new value
	 * @param restarted the services restarted (for a dry run: that would be)
	 * @param dryRun whether nothing was applied
	 * @param restartRequired the changed settings in force only from the next start
	 */
	record Outcome(long version, Map<String, Map<String, Object>> changes, List<String> restarted, boolean dryRun,
			List<String> restartRequired) {

		Map<String, Map<String, Object>> shownChanges() {
			Map<String, Map<String, Object>> shown = new LinkedHashMap<>();
			this.changes.forEach((name, change) -> {
				Map<String, Object> masked = new LinkedHashMap<>();
				change.forEach((side, value) -> masked.put(side, ConfigView.shown(name,
						(value != null) ? value.toString() : null)));
				shown.put(name, masked);
			});
			return shown;
		}

	}

}
