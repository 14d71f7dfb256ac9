package ai.xseven.mesh.admin;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.config.ConfigChangeStore;
import ai.xseven.mesh.config.ConfigCipher;
import ai.xseven.mesh.config.ConfigSections;
import ai.xseven.mesh.config.ConfigView;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.config.SectionPaths;
import ai.xseven.mesh.config.StoredVersion;
import ai.xseven.mesh.config.runtime.ChangeOptions;
import ai.xseven.mesh.config.runtime.ChangeOutcome;
import ai.xseven.mesh.config.runtime.ConfigEdit;
import ai.xseven.mesh.config.runtime.ConfigReloader;
import ai.xseven.mesh.resilience.CircuitBreakersSettings;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.web.ConflictException;
import ai.xseven.mesh.web.NotFoundException;
import ai.xseven.mesh.web.RequestBodies;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/config}: the effective configuration with each value's source, validated
 * all-or-nothing changes (and dry runs), their history, and rollback to an earlier version.
 */
@RestController
class ConfigController {

	static final int MAX_BODY_BYTES = 64 * 1024;

	private final ConfigReloader reloader;

	private final ConfigSections sections;

	private final RuntimeOverrides overrides;

	private final ConfigChangeStore store;

	private final ChangeBodyParser bodies;

	private final CircuitManager circuits;

	ConfigController(ConfigReloader reloader, ConfigSections sections, RuntimeOverrides overrides,
			ConfigChangeStore store, JsonMapper jsonMapper, CircuitManager circuits) {
		this.circuits = circuits;
		this.reloader = reloader;
		this.sections = sections;
		this.overrides = overrides;
		this.store = store;
		this.bodies = new ChangeBodyParser(jsonMapper);
	}

	@GetMapping("/admin/config")
	ResponseEntity<Effective> config() {
		long version = this.reloader.version();
		return ResponseEntity.ok().eTag(String.valueOf(version)).body(new Effective(version, effective()));
	}

	/**
	 * Every section, and every breaker's settings (its own, else the defaults, else built in).
	 */
	private Map<String, Object> effective() {
		Map<String, Object> config = new LinkedHashMap<>(ConfigView.of(this.sections, this.overrides.live()));
		Map<String, Object> breakers = new LinkedHashMap<>();
		for (String breaker : this.circuits.getAllBreakers().keySet()) {
			Map<String, Object> settings = new LinkedHashMap<>();
			String prefix = CircuitBreakersSettings.PREFIX + "." + breaker;
			SectionPaths.flatten(prefix, this.circuits.settings().forBreaker(breaker)).forEach((name, value) -> {
				String key = name.substring(prefix.length() + 1);
				String source = ConfigView.sourceOf(name, this.overrides.live());
				if ("default".equals(source)) {
					source = ConfigView.sourceOf(CircuitBreakersSettings.PREFIX + ".defaults." + key, this.overrides.live());
				}
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("value", (value != null) ? value.toString() : null);
				entry.put("source", source);
				entry.put("restartRequired", false);
				settings.put(key, entry);
			});
			breakers.put(breaker, settings);
		}
		config.put(CircuitBreakersSettings.PREFIX, breakers);
		return config;
	}

	@PostMapping(path = "/admin/config", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Changed> change(HttpServletRequest request,
			@RequestParam(defaultValue = "false") boolean dryRun, @RequestParam(defaultValue = "false") boolean force,
			@RequestParam(defaultValue = "false") boolean restart,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) throws IOException {
		ConfigEdit edit = ConfigEdit.amend(this.bodies.parse(RequestBodies.read(request, MAX_BODY_BYTES)));
		return answered(this.reloader.change(edit, new ChangeOptions(dryRun, force, restart), "api",
				expectedVersion(ifMatch)));
	}

	/**
	 * The version an {@code If-Match} header names: {@code "7"}, {@code W/"7"} or {@code 7};
	 * {@code null} for none or {@code *}; -1 (matching no version) for anything else.
	 */
	static Long expectedVersion(String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
			return null;
		}
		String tag = ifMatch.strip();
		if (tag.startsWith("W/")) {
			tag = tag.substring(2);
		}
		if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
			tag = tag.substring(1, tag.length() - 1);
		}
		try {
			return Long.parseLong(tag);
		}
		catch (NumberFormatException ex) {
			return -1L;
		}
	}

	@GetMapping("/admin/config/history")
	List<HistoryEntry> history() {
		return this.store.history()
			.stream()
			.map((stored) -> new HistoryEntry(stored.version(), stored.appliedAt(), stored.source(), stored.instance(),
					List.copyOf(stored.changes().keySet()),
					new ChangeOutcome(stored.version(), stored.changes(), List.of(), false, List.of())
						.shownChanges()))
			.toList();
	}

	/**
	 * Restores the runtime values of a stored version; version 0 is the baseline, with none.
	 */
	@PostMapping("/admin/config/rollback/{version}")
	ResponseEntity<Changed> rollback(@PathVariable long version,
			@RequestParam(defaultValue = "false") boolean force, @RequestParam(defaultValue = "false") boolean restart,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		Map<String, Object> target = (version == 0) ? Map.of() : stored(version).overrides();
		return answered(this.reloader.change(ConfigEdit.replaceWith(target),
				new ChangeOptions(false, force, restart), "rollback", expectedVersion(ifMatch)));
	}

	private StoredVersion stored(long version) {
		try {
			return this.store.version(version)
				.orElseThrow(() -> new NotFoundException("There is no configuration version " + version + "."));
		}
		catch (ConfigCipher.UndecryptableVersionException ex) {
			throw new ConflictException("Configuration version " + ex.getVersion() + " cannot be used here: "
					+ ex.getMessage());
		}
	}

	private ResponseEntity<Changed> answered(ChangeOutcome outcome) {
		return ResponseEntity.ok()
			.eTag(String.valueOf(this.reloader.version()))
			.body(new Changed(outcome.dryRun() ? Boolean.TRUE : null, outcome.version(),
					List.copyOf(outcome.changes().keySet()), outcome.shownChanges(), outcome.restarted(),
					outcome.restartRequired(), effective()));
	}

	/**
	 * The configuration in force.
	 *
	 * @param version the version in force here
	 * @param config every section's settings with value, source and whether it needs a restart
	 */
	record Effective(long version, Map<String, Object> config) {
	}

	/**
	 * What a change, a dry run or a rollback did.
	 *
	 * @param dryRun {@code true} for a dry run, absent otherwise
	 * @param version the version in force afterwards
	 * @param changed the settings changed
	 * @param changes each with its old and new value, secrets masked
	 * @param restarted the services restarted (for a dry run: that would be)
	 * @param restartRequired the changed settings in force only from the next start
	 * @param config the configuration in force afterwards
	 */
	record Changed(@JsonInclude(JsonInclude.Include.NON_NULL) Boolean dryRun, long version, List<String> changed,
			Map<String, Map<String, Object>> changes, List<String> restarted, List<String> restartRequired,
			Map<String, Object> config) {
	}

	/**
	 * One stored version, for the history.
	 *
	 * @param version its number
	 * @param appliedAt when it was applied
	 * @param source who made it: {@code api}, {@code rollback}, {@code breaker}, {@code file},
	 * {@code config-server}
	 * @param instance the instance that made it
	 * @param changed the settings it changed
	 * @param changes each with its old and new value, secrets masked
	 */
	record HistoryEntry(long version, Instant appliedAt, String source, String instance, List<String> changed,
			Map<String, Map<String, Object>> changes) {
	}

}
