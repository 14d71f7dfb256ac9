package ai.xseven.mesh.admin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.config.AppliedConfig;
import ai.xseven.mesh.config.ConfigChangeStore;
import ai.xseven.mesh.config.ConfigCipher;
import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.ConfigFile;
import ai.xseven.mesh.config.ConfigSections;
import ai.xseven.mesh.config.ConfigView;
import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.health.HealthChecker;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.resilience.BreakerSettings;
import ai.xseven.mesh.resilience.CircuitBreakersSettings;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.RestartInProgressException;
import ai.xseven.mesh.startup.RestartResult;
import ai.xseven.mesh.startup.StartupOrchestrator;
import ai.xseven.mesh.web.PreconditionFailedException;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
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

	private static final Set<String> FIXED_SECTIONS = Set.of("admin");

	static final String BREAKERS = "circuit-breakers";

	private static final Set<String> BREAKER_SETTINGS = Set.copyOf(
			ConfigSections.flattenInstance(BREAKERS, new BreakerSettings()).keySet()
				.stream()
				.map((name) -> name.substring(BREAKERS.length() + 1))
				.toList());

	private final RuntimeOverrides overrides;

	private final ConfigSections sections;

	private final ConfigChangeStore store;

	private final StartupOrchestrator orchestrator;

	private final ServiceRegistry registry;

	private final HealthChecker healthChecker;

	private final MeterRegistry meterRegistry;

	private final CircuitManager circuits;

	private final Validator validator;

	private final FleetState fleet;

	private final ConfigCipher cipher;

	ConfigReloader(RuntimeOverrides overrides, ConfigSections sections, ConfigChangeStore store,
			StartupOrchestrator orchestrator, ServiceRegistry registry, HealthChecker healthChecker,
			MeterRegistry meterRegistry, CircuitManager circuits, Validator validator, FleetState fleet,
			ConfigCipher cipher) {
		this.fleet = fleet;
		this.cipher = cipher;
		this.overrides = overrides;
		this.sections = sections;
		this.store = store;
		this.orchestrator = orchestrator;
		this.registry = registry;
		this.healthChecker = healthChecker;
		this.meterRegistry = meterRegistry;
		this.circuits = circuits;
		this.validator = validator;
		for (String result : List.of("applied", "rejected", "rolled_back")) {
			counter(result);
		}
	}

	long version() {
		return this.fleet.applied().version();
	}

	// Whether a value asks to be resolved: a caller's value is data, never a template.
	private static boolean placeholder(Object value) {
		if (value instanceof CharSequence text) {
			return text.toString().contains("${");
		}
		if (value instanceof Collection<?> values) {
			return values.stream().anyMatch(ConfigReloader::placeholder);
		}
		if (value instanceof Map<?, ?> values) {
			return values.values().stream().anyMatch(ConfigReloader::placeholder);
		}
		return false;
	}

	/**
	 * Validates a change and, unless it is a dry run, applies it and stores it as the fleet's next
	 * version, merged onto the latest stored one (which this instance first catches up with).
	 * @param edit what the change sets, removes or replaces
	 * @param dryRun only validate and report the difference
	 * @param source who asks: {@code api}, {@code rollback}
	 * @param expected the version the caller saw ({@code If-Match}), {@code null} for any
	 * @return what changed
	 * @throws InvalidConfigurationException with every error; nothing changed
	 * @throws PreconditionFailedException when {@code expected} is not the latest version
	 * @throws ConfigRolledBackException when a reconnect or the storing failed; the old
	 * configuration is back in force
	 * @throws org.springframework.dao.DataAccessException when the database cannot tell the latest
	 * version; nothing changed
	 */
	synchronized Outcome change(ConfigEdit edit, boolean dryRun, String source, Long expected) {
		long began = System.nanoTime();
		Map<String, Object> changes = edit.values();
		List<ConfigError> errors = new ArrayList<>();
		for (String name : changes.keySet()) {
			String section = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
			Object value = changes.get(name);
			if (placeholder(value)) {
				errors.add(new ConfigError(name, "must be a literal value: '${' is not allowed, values are never "
						+ "resolved as placeholders"));
			}
			else if (value instanceof String text && text.startsWith(ConfigCipher.PREFIX)) {
				errors.add(new ConfigError(name, "must be a value in clear: the host encrypts secrets itself and "
						+ "never decrypts a posted '" + ConfigCipher.PREFIX + "' value"));
			}
			else if (value != null && ConfigView.isSecret(name) && !this.cipher.canEncrypt()) {
				errors.add(new ConfigError(name, "is a secret, which a runtime change stores encrypted: this host has "
						+ "no ENCRYPT_KEY (the same on every instance) to encrypt it with; set one, or change the secret "
						+ "in the environment"));
			}
			else if (FIXED_SECTIONS.contains(section)) {
				errors.add(new ConfigError(name, "cannot be changed at runtime; change it in the environment or "
						+ "config/service_mesh.yml and restart"));
			}
			else if (BREAKERS.equals(section)) {
				String[] parts = name.split("\\.");
				if (parts.length != 3 || !BREAKER_SETTINGS.contains(parts[2])) {
					errors.add(new ConfigError(name, "unknown setting: circuit-breakers.<breaker or defaults>.<one of "
							+ BREAKER_SETTINGS.stream().sorted().toList() + ">"));
				}
			}
			else if (!this.sections.names().contains(section)) {
				errors.add(new ConfigError(section, "unknown section"));
			}
		}
		if (!errors.isEmpty() && changes.values().stream().anyMatch(ConfigReloader::placeholder)) {
			// Not bound at all: a binding error would quote the resolved value.
			counter("rejected").increment();
			throw new InvalidConfigurationException(errors);
		}
		long latest = catchUp();
		if (expected != null && expected != latest) {
			throw new PreconditionFailedException("The configuration is at version " + latest + ", not " + expected
					+ "; read it again and repeat the change.");
		}
		Map<String, Object> old = this.overrides.current();
		Map<String, Object> candidate = edit.applyTo(old);
		Binding binding = bindAll(candidate, errors);
		if (!errors.isEmpty()) {
			counter("rejected").increment();
			throw new InvalidConfigurationException(errors);
		}
		Map<String, Map<String, Object>> diff = diff(binding.snapshot());
		diff.putAll(breakerDiff(old, candidate));
		List<String> affected = affectedServices(diff.keySet());
		if (dryRun || diff.isEmpty()) {
			return new Outcome(version(), diff, dryRun ? affected : List.of(), dryRun);
		}
		List<String> starting = affected.stream()
			.filter((name) -> this.registry.get(name).state() == ServiceState.STARTING)
			.toList();
		if (!starting.isEmpty()) {
			throw new RestartInProgressException("Nothing was changed: " + starting
					+ " is starting and cannot take new settings yet; repeat the change once it runs");
		}
		CircuitBreakersSettings oldBreakers = this.circuits.settings();
		put(candidate, binding);
		List<String> restarted = new ArrayList<>();
		String failure = reconnect(affected, restarted, diff.keySet());
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
			put(old, bindAll(old, new ArrayList<>()));
			this.circuits.reconfigure(oldBreakers);
			reconnect(affected, new ArrayList<>(), diff.keySet());
			counter("rolled_back").increment();
			logger.warn("Configuration change of " + diff.keySet() + " rolled back: " + failure);
			throw (refusal instanceof PreconditionFailedException) ? refusal
					: new ConfigRolledBackException("The change was rolled back: " + failure);
		}
		if (stored.overrides().equals(candidate)) {
			this.fleet.applied(AppliedConfig.of(stored.version()));
		}
		else {
			// Versions stored meanwhile by other instances: their values come in force here too.
			applyStoredLocked(stored);
		}
		counter("applied").increment();
		logger.info("Configuration version " + stored.version() + " applied (" + source + ") in "
				+ (System.nanoTime() - began) / 1_000_000 + " ms: changed " + diff.keySet() + ", restarted " + restarted);
		return new Outcome(stored.version(), diff, restarted, false);
	}

	// The change laid onto the latest stored version, checked again when versions came in between.
	private Map<String, Object> merged(ConfigEdit edit, ConfigChangeStore.StoredVersion latest,
			Map<String, Object> candidate, Long expected) {
		if (expected != null && latest.version() != expected) {
			throw new PreconditionFailedException("The configuration is at version " + latest.version() + ", not "
					+ expected + "; read it again and repeat the change.");
		}
		Map<String, Object> merged = edit.applyTo(latest.overrides());
		if (!merged.equals(candidate)) {
			List<ConfigError> errors = new ArrayList<>();
			bindAll(merged, errors);
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
		long latest = this.store.latestVersion();
		AppliedConfig applied = this.fleet.applied();
		if (latest > applied.version() && latest != applied.failedVersion()) {
			try {
				this.store.latest().ifPresent(this::applyStoredLocked);
			}
			catch (ConfigCipher.UndecryptableVersionException ex) {
				notApplied(ex.getVersion(), ex.getMessage(), true);
			}
		}
		return latest;
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
		MutablePropertySources candidate = new MutablePropertySources(this.overrides.live());
		ConfigFile.put(candidate, reading);
		PropertySource<?> previous = this.overrides.live()
			.stream()
			.filter((source) -> source.getName().contains("service_mesh.yml"))
			.findFirst()
			.orElse(null);
		return applySources("Configuration file " + file, candidate, () -> ConfigFile.put(this.overrides.live(), reading),
				() -> ConfigFile.put(this.overrides.live(), previous), "file");
	}

	/**
	 * Applies what a refresh from the config server put in the environment, validated like any
	 * change; the services keep their settings when it is not valid.
	 * @return what changed, empty when the refresh was ignored or changed nothing
	 */
	synchronized Optional<Outcome> reloadFromEnvironment() {
		tryCatchUp();
		return applySources("Configuration from the config server", this.overrides.live(), () -> {
		}, () -> {
		}, "config-server");
	}

	private Optional<Outcome> applySources(String what, MutablePropertySources candidate, Runnable putNew,
			Runnable putOld, String historySource) {
		ConfigSections.Snapshot snapshot = this.sections.bind(candidate, Set.of());
		List<ConfigError> errors = new ArrayList<>(snapshot.errors());
		CircuitBreakersSettings breakers = bindBreakers(candidate, errors);
		if (!errors.isEmpty()) {
			counter("rejected").increment();
			logger.error(what + " was not applied: "
					+ errors.stream().map((error) -> error.field() + " " + error.message()).toList());
			return Optional.empty();
		}
		Map<String, Map<String, Object>> diff = diff(snapshot);
		for (String breaker : this.circuits.getAllBreakers().keySet()) {
			String prefix = BREAKERS + "." + breaker;
			Map<String, Object> before = ConfigSections.flattenInstance(prefix, this.circuits.settings().forBreaker(breaker));
			ConfigSections.flattenInstance(prefix, breakers.forBreaker(breaker)).forEach((name, value) -> {
				if (!Objects.equals(before.get(name), value)) {
					Map<String, Object> change = new LinkedHashMap<>();
					change.put("old", before.get(name));
					change.put("new", value);
					diff.put(name, change);
				}
			});
		}
		if (diff.isEmpty()) {
			return Optional.empty();
		}
		CircuitBreakersSettings oldBreakers = this.circuits.settings();
		Map<String, Object> oldSections = this.sections.copyOfLive();
		putNew.run();
		snapshot.sections().forEach(this.sections::copyIntoLive);
		this.circuits.reconfigure(breakers);
		List<String> affected = affectedServices(diff.keySet());
		List<String> restarted = new ArrayList<>();
		String failure = reconnect(affected, restarted, diff.keySet());
		if (failure != null) {
			putOld.run();
			oldSections.forEach(this.sections::copyIntoLive);
			this.circuits.reconfigure(oldBreakers);
			reconnect(affected, new ArrayList<>(), diff.keySet());
			counter("rolled_back").increment();
			logger.error(what + " was rolled back: " + failure);
			return Optional.empty();
		}
		long recorded = version();
		try {
			// Not a runtime change: the runtime values stored stay the latest ones.
			ConfigChangeStore.StoredVersion stored = this.store.save(historySource, this.fleet.instance().id(),
					ConfigChangeStore.StoredVersion::overrides, diff);
			recorded = stored.version();
			if (stored.overrides().equals(this.overrides.current())) {
				this.fleet.applied(AppliedConfig.of(recorded));
			}
			else {
				applyStoredLocked(stored);
			}
		}
		catch (RuntimeException ex) {
			logger.warn(what + " applied but not recorded in the history: " + Failures.describe(ex));
		}
		counter("applied").increment();
		logger.info(what + " applied as version " + recorded + ": changed " + diff.keySet() + ", restarted "
				+ restarted);
		return Optional.of(new Outcome(recorded, diff, restarted, false));
	}

	private CircuitBreakersSettings bindBreakers(MutablePropertySources sources, List<ConfigError> errors) {
		try {
			CircuitBreakersSettings breakers = CircuitBreakersSettings.bind(binder(sources));
			errors.addAll(breakers.validate(this.validator));
			return breakers;
		}
		catch (BindException ex) {
			errors.add(new ConfigError((ex.getProperty() != null) ? ex.getProperty().getName().toString() : BREAKERS,
					"cannot be read (" + Failures.describe(ex) + ")"));
			return null;
		}
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
		return applyStoredLocked(stored);
	}

	private boolean applyStoredLocked(ConfigChangeStore.StoredVersion stored) {
		List<String> placeholders = stored.overrides().entrySet().stream()
			.filter((entry) -> placeholder(entry.getValue()))
			.map(Map.Entry::getKey)
			.toList();
		if (!placeholders.isEmpty()) {
			return notApplied(stored, "the values of " + placeholders
					+ " contain '${' and values are never resolved as placeholders", true);
		}
		List<ConfigError> errors = new ArrayList<>();
		Map<String, Object> old = this.overrides.current();
		Binding binding = bindAll(stored.overrides(), errors);
		if (!errors.isEmpty()) {
			return notApplied(stored, "it is not valid here: "
					+ errors.stream().map((error) -> error.field() + " " + error.message()).toList(), true);
		}
		Map<String, Map<String, Object>> diff = diff(binding.snapshot());
		diff.putAll(breakerDiff(old, stored.overrides()));
		CircuitBreakersSettings oldBreakers = this.circuits.settings();
		put(stored.overrides(), binding);
		List<String> running = affectedServices(diff.keySet()).stream()
			.filter((name) -> this.registry.get(name).state() == ServiceState.RUNNING)
			.toList();
		List<String> restarted = new ArrayList<>();
		String failure = reconnect(running, restarted, diff.keySet());
		if (failure != null) {
			put(old, bindAll(old, new ArrayList<>()));
			this.circuits.reconfigure(oldBreakers);
			reconnect(running, new ArrayList<>(), diff.keySet());
			// Tried again at the next read: a service may restart later.
			return notApplied(stored, failure, false);
		}
		this.fleet.applied(AppliedConfig.of(stored.version()));
		if (!diff.isEmpty()) {
			logger.info("Stored configuration version " + stored.version() + " (" + stored.source() + ", instance "
					+ stored.instance() + ") applied: changed " + diff.keySet()
					+ (restarted.isEmpty() ? "" : "; restarted " + restarted));
		}
		return true;
	}

	// A version that can never apply here is not read again; one whose services failed is.
	private boolean notApplied(ConfigChangeStore.StoredVersion stored, String why, boolean forGood) {
		return notApplied(stored.version(), why, forGood);
	}

	private boolean notApplied(long stored, String why, boolean forGood) {
		this.fleet.applied(this.fleet.applied().failed(forGood ? stored : 0, stored, why));
		logger.error("Stored configuration version " + stored + " was not applied, version " + version()
				+ " stays in force: " + why);
		return false;
	}

	/**
	 * Binds the sections and the breakers' settings for a set of runtime values.
	 * @param values the runtime values
	 * @param errors where every error goes
	 * @return the fresh sections and settings
	 */
	private Binding bindAll(Map<String, Object> values, List<ConfigError> errors) {
		MutablePropertySources sources = this.overrides.candidate(values);
		ConfigSections.Snapshot snapshot = this.sections.bind(sources, values.keySet());
		errors.addAll(snapshot.errors());
		CircuitBreakersSettings breakers = bindBreakers(sources, errors);
		return new Binding(snapshot, breakers);
	}

	private record Binding(ConfigSections.Snapshot snapshot, CircuitBreakersSettings breakers) {
	}

	// Breaker settings are a map, not a bean: their changes are the keys whose value differs.
	private Map<String, Map<String, Object>> breakerDiff(Map<String, Object> before, Map<String, Object> after) {
		Set<String> keys = new LinkedHashSet<>(before.keySet());
		keys.addAll(after.keySet());
		Map<String, Map<String, Object>> diff = new LinkedHashMap<>();
		Binder live = binder(this.overrides.live());
		Binder next = binder(this.overrides.candidate(after));
		for (String key : keys) {
			if (key.startsWith(BREAKERS + ".")) {
				Object old = live.bind(key, String.class).orElse(null);
				Object fresh = next.bind(key, String.class).orElse(null);
				if (!Objects.equals(old, fresh)) {
					Map<String, Object> change = new LinkedHashMap<>();
					change.put("old", old);
					change.put("new", fresh);
					diff.put(key, change);
				}
			}
		}
		return diff;
	}

	private static Binder binder(MutablePropertySources sources) {
		return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
	}

	private void put(Map<String, Object> values, Binding binding) {
		this.overrides.replace(values);
		binding.snapshot().sections().forEach(this.sections::copyIntoLive);
		if (binding.breakers() != null) {
			this.circuits.reconfigure(binding.breakers());
		}
	}

	private String reconnect(List<String> services, List<String> restarted, Set<String> changedKeys) {
		if (changedKeys.stream().anyMatch((key) -> key.startsWith("health."))) {
			this.healthChecker.reschedule();
		}
		for (String service : services) {
			RestartResult result;
			try {
				result = this.orchestrator.restart(service);
			}
			catch (RuntimeException ex) {
				return "service '" + service + "' could not be restarted (" + Failures.describe(ex) + ")";
			}
			restarted.addAll(result.restarted());
			if (!result.running()) {
				return "service '" + service + "' did not start again with the new settings ("
						+ this.registry.get(service).error() + ")";
			}
		}
		return null;
	}

	private Map<String, Map<String, Object>> diff(ConfigSections.Snapshot snapshot) {
		Map<String, Map<String, Object>> diff = new LinkedHashMap<>();
		snapshot.sections().forEach((section, fresh) -> {
			Map<String, Object> before = this.sections.flatten(section);
			Map<String, Object> after = ConfigSections.flattenInstance(section, fresh);
			after.forEach((name, value) -> {
				if (!Objects.equals(before.get(name), value)) {
					Map<String, Object> change = new LinkedHashMap<>();
					change.put("old", before.get(name));
					change.put("new", value);
					diff.put(name, change);
				}
			});
		});
		return diff;
	}

	private List<String> affectedServices(Set<String> changedKeys) {
		// A breaker setting changes the breaker in place; no service needs to reconnect for it.
		Set<String> sections = new LinkedHashSet<>();
		changedKeys.stream()
			.filter((key) -> !key.startsWith(BREAKERS + "."))
			.forEach((key) -> sections.add(key.substring(0, key.indexOf('.'))));
		return this.registry.graph().startOrder().stream().filter(sections::contains).toList();
	}

	private Counter counter(String result) {
		return Counter.builder(RELOADS)
			.description("Configuration changes by outcome: applied, rejected, rolled back")
			.tag("result", result)
			.register(this.meterRegistry);
	}

	/**
	 * What a change did, with values as they may be shown.
	 *
	 * @param version the version in force afterwards
	 * @param changes each changed setting with its old and new value
	 * @param restarted the services restarted (for a dry run: that would be)
	 * @param dryRun whether nothing was applied
	 */
	record Outcome(long version, Map<String, Map<String, Object>> changes, List<String> restarted, boolean dryRun) {

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
