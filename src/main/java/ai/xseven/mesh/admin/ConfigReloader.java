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

import ai.xseven.mesh.config.ConfigChangeStore;
import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.ConfigFile;
import ai.xseven.mesh.config.ConfigSections;
import ai.xseven.mesh.config.ConfigView;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.health.HealthChecker;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.resilience.BreakerSettings;
import ai.xseven.mesh.resilience.CircuitBreakersSettings;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.RestartResult;
import ai.xseven.mesh.startup.StartupOrchestrator;

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

	private volatile long version;

	ConfigReloader(RuntimeOverrides overrides, ConfigSections sections, ConfigChangeStore store,
			StartupOrchestrator orchestrator, ServiceRegistry registry, HealthChecker healthChecker,
			MeterRegistry meterRegistry, CircuitManager circuits, Validator validator) {
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
		return this.version;
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
	 * Validates a change and, unless it is a dry run, applies it.
	 * @param changes flat setting names and values; {@code null} removes a runtime value
	 * @param dryRun only validate and report the difference
	 * @param source who asks: {@code api}, {@code rollback}
	 * @return what changed
	 * @throws InvalidConfigurationException with every error; nothing changed
	 * @throws ConfigRolledBackException when a reconnect or the storing failed; the old
	 * configuration is back in force
	 */
	synchronized Outcome change(Map<String, Object> changes, boolean dryRun, String source) {
		List<ConfigError> errors = new ArrayList<>();
		for (String name : changes.keySet()) {
			String section = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
			if (placeholder(changes.get(name))) {
				errors.add(new ConfigError(name, "must be a literal value: '${' is not allowed, values are never "
						+ "resolved as placeholders"));
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
		Map<String, Object> old = this.overrides.current();
		Map<String, Object> candidate = new LinkedHashMap<>(old);
		changes.forEach((name, value) -> {
			if (value == null) {
				candidate.remove(name);
			}
			else {
				candidate.put(name, value);
			}
		});
		// A removed runtime value has nothing to bind; the keys set must all be known settings.
		Set<String> setKeys = new LinkedHashSet<>();
		changes.forEach((name, value) -> {
			if (value != null) {
				setKeys.add(name);
			}
		});
		ConfigSections.Snapshot snapshot = this.sections.bind(this.overrides.candidate(candidate), setKeys);
		errors.addAll(snapshot.errors());
		CircuitBreakersSettings breakers = bindBreakers(this.overrides.candidate(candidate), errors);
		if (!errors.isEmpty()) {
			counter("rejected").increment();
			throw new InvalidConfigurationException(errors);
		}
		Map<String, Map<String, Object>> diff = diff(snapshot);
		diff.putAll(breakerDiff(changes.keySet(), candidate));
		List<String> affected = affectedServices(diff.keySet());
		if (dryRun || diff.isEmpty()) {
			return new Outcome(this.version, diff, dryRun ? affected : List.of(), dryRun);
		}
		CircuitBreakersSettings oldBreakers = this.circuits.settings();
		put(candidate, snapshot);
		if (diff.keySet().stream().anyMatch((key) -> key.startsWith(BREAKERS + "."))) {
			this.circuits.reconfigure(breakers);
		}
		List<String> restarted = new ArrayList<>();
		String failure = reconnect(affected, restarted, diff.keySet());
		ConfigChangeStore.StoredVersion stored = null;
		if (failure == null) {
			try {
				stored = this.store.save(source, candidate, diff);
			}
			catch (RuntimeException ex) {
				failure = "the change could not be stored (" + Failures.describe(ex) + ")";
			}
		}
		if (failure != null) {
			put(old, this.sections.bind(this.overrides.candidate(old), Set.of()));
			this.circuits.reconfigure(oldBreakers);
			reconnect(affected, new ArrayList<>(), diff.keySet());
			counter("rolled_back").increment();
			logger.warn("Configuration change of " + diff.keySet() + " rolled back: " + failure);
			throw new ConfigRolledBackException("The change was rolled back: " + failure);
		}
		this.version = stored.version();
		counter("applied").increment();
		logger.info("Configuration version " + stored.version() + " applied (" + source + "): changed " + diff.keySet()
				+ ", restarted " + restarted);
		return new Outcome(stored.version(), diff, restarted, false);
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
		long recorded = this.version;
		try {
			recorded = this.store.save(historySource, this.overrides.current(), diff).version();
			this.version = recorded;
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
	 * back.
	 * @param stored the version
	 * @return whether it was valid here and applied
	 */
	synchronized boolean applyStored(ConfigChangeStore.StoredVersion stored) {
		List<String> placeholders = stored.overrides().entrySet().stream()
			.filter((entry) -> placeholder(entry.getValue()))
			.map(Map.Entry::getKey)
			.toList();
		if (!placeholders.isEmpty()) {
			logger.error("Stored configuration version " + stored.version() + " was not applied: the values of "
					+ placeholders + " contain '${' and values are never resolved as placeholders");
			return false;
		}
		ConfigSections.Snapshot snapshot = this.sections.bind(this.overrides.candidate(stored.overrides()),
				stored.overrides().keySet());
		if (!snapshot.errors().isEmpty()) {
			logger.error("Stored configuration version " + stored.version() + " is not valid here and was not applied: "
					+ snapshot.errors().stream().map((error) -> error.field() + " " + error.message()).toList());
			return false;
		}
		Map<String, Map<String, Object>> diff = diff(snapshot);
		diff.putAll(breakerDiff(stored.overrides().keySet(), stored.overrides()));
		put(stored.overrides(), snapshot);
		this.circuits.reconfigure(CircuitBreakersSettings.bind(binder(this.overrides.live())));
		this.version = stored.version();
		List<String> affected = affectedServices(diff.keySet());
		List<String> restarted = new ArrayList<>();
		reconnect(affected.stream().filter((name) -> this.registry.get(name).state() == ServiceState.RUNNING).toList(),
				restarted, diff.keySet());
		logger.info("Stored configuration version " + stored.version() + " applied: runtime values of "
				+ stored.overrides().keySet() + (restarted.isEmpty() ? "" : "; restarted " + restarted));
		return true;
	}

	// Breaker settings are a map, not a bean: their changes are the keys whose value differs.
	private Map<String, Map<String, Object>> breakerDiff(Set<String> keys, Map<String, Object> candidate) {
		Map<String, Map<String, Object>> diff = new LinkedHashMap<>();
		Binder live = binder(this.overrides.live());
		Binder next = binder(this.overrides.candidate(candidate));
		for (String key : keys) {
			if (key.startsWith(BREAKERS + ".")) {
				Object before = live.bind(key, String.class).orElse(null);
				Object after = next.bind(key, String.class).orElse(null);
				if (!Objects.equals(before, after)) {
					Map<String, Object> change = new LinkedHashMap<>();
					change.put("old", before);
					change.put("new", after);
					diff.put(key, change);
				}
			}
		}
		return diff;
	}

	private static Binder binder(MutablePropertySources sources) {
		return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
	}

	private void put(Map<String, Object> values, ConfigSections.Snapshot snapshot) {
		this.overrides.replace(values);
		snapshot.sections().forEach(this.sections::copyIntoLive);
	}

	private String reconnect(List<String> services, List<String> restarted, Set<String> changedKeys) {
		if (changedKeys.stream().anyMatch((key) -> key.startsWith("health."))) {
			this.healthChecker.reschedule();
		}
		for (String service : services) {
			RestartResult result = this.orchestrator.restart(service);
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
