package ai.xseven.mesh.admin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.config.ConfigChangeStore;
import ai.xseven.mesh.config.ConfigCipher;
import ai.xseven.mesh.config.ConfigSections;
import ai.xseven.mesh.config.ConfigView;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.web.ApiError;
import ai.xseven.mesh.web.NotFoundException;
import ai.xseven.mesh.web.RequestBodies;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
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
	ResponseEntity<Map<String, Object>> config() {
		long version = this.reloader.version();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("version", version);
		answer.put("config", effective());
		return ResponseEntity.ok().eTag(String.valueOf(version)).body(answer);
	}

	/**
	 * Every section, and every breaker's settings (its own, else the defaults, else built in).
	 */
	private Map<String, Object> effective() {
		Map<String, Object> config = new LinkedHashMap<>(ConfigView.of(this.sections, this.overrides.live()));
		Map<String, Object> breakers = new LinkedHashMap<>();
		for (String breaker : this.circuits.getAllBreakers().keySet()) {
			Map<String, Object> settings = new LinkedHashMap<>();
			String prefix = ConfigReloader.BREAKERS + "." + breaker;
			ConfigSections.flattenInstance(prefix, this.circuits.settings().forBreaker(breaker)).forEach((name, value) -> {
				String key = name.substring(prefix.length() + 1);
				String source = ConfigView.sourceOf(name, this.overrides.live());
				if ("default".equals(source)) {
					source = ConfigView.sourceOf(ConfigReloader.BREAKERS + ".defaults." + key, this.overrides.live());
				}
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("value", (value != null) ? value.toString() : null);
				entry.put("source", source);
				entry.put("restartRequired", false);
				settings.put(key, entry);
			});
			breakers.put(breaker, settings);
		}
		config.put(ConfigReloader.BREAKERS, breakers);
		return config;
	}

	@PostMapping(path = "/admin/config", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> change(HttpServletRequest request,
			@RequestParam(defaultValue = "false") boolean dryRun, @RequestParam(defaultValue = "false") boolean force,
			@RequestParam(defaultValue = "false") boolean restart,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) throws IOException {
		ConfigEdit edit = ConfigEdit.amend(this.bodies.parse(RequestBodies.read(request, MAX_BODY_BYTES)));
		return answered(this.reloader.change(edit, new ConfigReloader.Options(dryRun, force, restart), "api",
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
	List<Map<String, Object>> history() {
		List<Map<String, Object>> versions = new ArrayList<>();
		for (ConfigChangeStore.StoredVersion stored : this.store.history()) {
			Map<String, Object> version = new LinkedHashMap<>();
			version.put("version", stored.version());
			version.put("appliedAt", stored.appliedAt());
			version.put("source", stored.source());
			version.put("instance", stored.instance());
			version.put("changed", List.copyOf(stored.changes().keySet()));
			version.put("changes",
					new ConfigReloader.Outcome(stored.version(), stored.changes(), List.of(), false, List.of())
						.shownChanges());
			versions.add(version);
		}
		return versions;
	}

	/**
	 * Restores the runtime values of a stored version; version 0 is the baseline, with none.
	 */
	@PostMapping("/admin/config/rollback/{version}")
	ResponseEntity<Map<String, Object>> rollback(@PathVariable long version,
			@RequestParam(defaultValue = "false") boolean force, @RequestParam(defaultValue = "false") boolean restart,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		Map<String, Object> target = (version == 0) ? Map.of()
				: this.store.version(version)
					.map(ConfigChangeStore.StoredVersion::overrides)
					.orElseThrow(() -> new NotFoundException("There is no configuration version " + version + "."));
		return answered(this.reloader.change(ConfigEdit.replaceWith(target),
				new ConfigReloader.Options(false, force, restart), "rollback", expectedVersion(ifMatch)));
	}

	private ResponseEntity<Map<String, Object>> answered(ConfigReloader.Outcome outcome) {
		return ResponseEntity.ok().eTag(String.valueOf(this.reloader.version())).body(answer(outcome));
	}

	private Map<String, Object> answer(ConfigReloader.Outcome outcome) {
		Map<String, Object> answer = new LinkedHashMap<>();
		if (outcome.dryRun()) {
			answer.put("dryRun", true);
		}
		answer.put("version", outcome.version());
		answer.put("changed", List.copyOf(outcome.changes().keySet()));
		answer.put("changes", outcome.shownChanges());
		answer.put("restarted", outcome.restarted());
		answer.put("restartRequired", outcome.restartRequired());
		answer.put("config", effective());
		return answer;
	}

	@ExceptionHandler
	ResponseEntity<ApiError> invalid(InvalidConfigurationException ex) {
		return ResponseEntity.badRequest()
			.body(new ApiError(ex.getMessage(), ex.getErrors()
				.stream()
				.map((error) -> new ApiError.FieldError(error.field(), error.message()))
				.toList()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> rolledBack(ConfigRolledBackException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiError.of(ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> unreachable(TargetUnreachableException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiError.of(ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> undecryptable(ConfigCipher.UndecryptableVersionException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(ApiError.of("Configuration version " + ex.getVersion() + " cannot be used here: " + ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> storeUnavailable(DataAccessException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(ApiError.of("The configuration history is unavailable: " + Failures.describe(ex)));
	}

}
