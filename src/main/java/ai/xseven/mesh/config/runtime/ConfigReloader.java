package ai.xseven.mesh.config.runtime;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.config.ConfigCipher;
import ai.xseven.mesh.config.ConfigSections;
import ai.xseven.mesh.config.ConfigServerLayer;
import ai.xseven.mesh.config.ConfigVersions;
import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.config.StoredVersion;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.startup.RestartResult;

import org.springframework.core.env.PropertySource;

/**
 * Changes the running configuration, all or nothing: binds the whole resulting configuration,
 * validates all of it, puts it in force, reconnects the services whose settings changed (in
 * dependency order), stores it as a new version, and puts the old configuration back when a
 * reconnect or the storing fails. One change at a time.
 */
public class ConfigReloader {

	private static final Log logger = LogFactory.getLog(ConfigReloader.class);

	private final ConfigVersions store;

	private final FleetState fleet;

	private final StoredVersionApplier storedVersions;

	private final RuntimeChanges changes;

	private final SourceReloader sources;

	/**
	 * @param overrides the runtime values in the environment
	 * @param sections the configuration sections
	 * @param store where versions are kept
	 * @param restarts restarts a service and its dependents with the settings in force
	 * @param registry the services
	 * @param healthRounds reschedules the health rounds after a change of their settings
	 * @param meterRegistry where the changes are counted
	 * @param fleet what this instance knows of the fleet, the version in force among it
	 * @param cipher what keeps secrets encrypted at rest
	 * @param prober asks changed connection targets whether they answer
	 * @param configServer the config server's values of the host's settings, the fleet's
	 */
	ConfigReloader(RuntimeOverrides overrides, ConfigSections sections, ConfigVersions store,
			Function<String, RestartResult> restarts, ServiceRegistry registry, Runnable healthRounds,
			MeterRegistry meterRegistry, FleetState fleet,
			ConfigCipher cipher, TargetProber prober, ConfigServerLayer configServer) {
		this.store = store;
		this.fleet = fleet;
		ServiceReconnector reconnector = new ServiceReconnector(registry, restarts, healthRounds);
		ConfigBinder binder = new ConfigBinder(overrides, sections, reconnector::require,
				configServer);
		ConfigTransaction transaction = new ConfigTransaction(binder, reconnector, prober, overrides, configServer);
		ConfigReloads counts = new ConfigReloads(meterRegistry);
		this.storedVersions = new StoredVersionApplier(store, fleet, transaction, reconnector, configServer);
		this.changes = new RuntimeChanges(overrides, sections, store, fleet, new ChangeScreen(sections.names(), cipher),
				binder, transaction, this.storedVersions, reconnector, configServer, counts);
		this.sources = new SourceReloader(overrides, sections, store, fleet, transaction, this.storedVersions,
				configServer, counts);
	}

	public long version() {
		return this.fleet.applied().version();
	}

	/**
	 * Validates a change and, unless it is a dry run, applies it and stores it as the fleet's next
	 * version (see {@link RuntimeChanges#change}).
	 * @param edit what the change sets, removes or replaces
	 * @param options a dry run, forced, with settings read only at start
	 * @param source who asks: {@code api}, {@code rollback}, {@code breaker}
	 * @param expected the version the caller saw ({@code If-Match}), {@code null} for any
	 * @return what changed
	 */
	public synchronized ChangeOutcome change(ConfigEdit edit, ChangeOptions options, String source, Long expected) {
		return this.changes.change(edit, options, source, expected);
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
	 * Applies a new reading of the configuration file (see {@link SourceReloader#reloadFile}).
	 * @param file the file
	 * @param reading its new reading, {@code null} when it was removed
	 * @return what changed, empty when the reading was ignored or changed nothing
	 */
	synchronized Optional<ChangeOutcome> reloadFile(Path file, PropertySource<?> reading) {
		tryCatchUp();
		return this.sources.reloadFile(file, reading);
	}

	/**
	 * Applies what a refresh from the config server fetched (see
	 * {@link SourceReloader#reloadFromEnvironment}).
	 * @return what changed, empty when the refresh was ignored or changed nothing
	 */
	synchronized Optional<ChangeOutcome> reloadFromEnvironment() {
		tryCatchUp();
		return this.sources.reloadFromEnvironment();
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
				ConfigReloader.this.storedVersions.seal();
			}

			@Override
			public Optional<StoredVersion> read() {
				return ConfigReloader.this.store.latest();
			}

			@Override
			public boolean apply(StoredVersion version) {
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
	synchronized boolean applyStored(StoredVersion stored) {
		if (stored.version() < version()) {
			// Read before a newer one came in force here: versions only go forward.
			return true;
		}
		return this.storedVersions.apply(stored);
	}


}
