package ai.xseven.mesh.admin;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.xseven.mesh.config.runtime.ChangeOptions;
import ai.xseven.mesh.config.runtime.ChangeOutcome;
import ai.xseven.mesh.config.runtime.ConfigEdit;
import ai.xseven.mesh.config.runtime.ConfigReloader;
import ai.xseven.mesh.resilience.BreakerOverrides;
import ai.xseven.mesh.resilience.BreakerSettings;
import ai.xseven.mesh.resilience.CircuitBreakersSettings;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.web.ApiError;
import ai.xseven.mesh.web.InvalidRequestException;
import ai.xseven.mesh.web.NotFoundException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/circuit-breakers/{name}}: an operator holds a breaker in a state, or resets
 * it, on every instance. Each command is a configuration change like any other
 * ({@code circuit-breakers.<name>.state} and {@code .reset}): a new version, in the history,
 * undone by a rollback. The breaker's own state (what its calls did) stays per instance.
 */
@RestController
class BreakerController {

	private static final String CLOSED = "CLOSED";

	private static final String RESET = "reset";

	private final ConfigReloader reloader;

	private final CircuitManager circuits;

	BreakerController(ConfigReloader reloader, CircuitManager circuits) {
		this.reloader = reloader;
		this.circuits = circuits;
	}

	@PostMapping(path = "/admin/circuit-breakers/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Answer> command(@PathVariable String name, @RequestBody Command command,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		if (!this.circuits.getAllBreakers().containsKey(name)) {
			throw new NotFoundException("There is no circuit breaker '" + name + "'.");
		}
		String prefix = CircuitBreakersSettings.PREFIX + "." + name + ".";
		Map<String, Object> changes = new LinkedHashMap<>();
		if (command.action() != null && command.state() == null) {
			if (!RESET.equals(command.action())) {
				throw invalid("action", "must be reset");
			}
			released(name, prefix, changes);
		}
		else if (command.state() != null && command.action() == null) {
			if (CLOSED.equals(command.state())) {
				released(name, prefix, changes);
			}
			else if (Arrays.stream(BreakerSettings.Override.values()).anyMatch((held) -> held.name().equals(command.state()))) {
				changes.put(prefix + "state", command.state());
			}
			else {
				throw invalid("state", "must be one of FORCED_OPEN, DISABLED, METRICS_ONLY, CLOSED");
			}
		}
		else {
			throw invalid("body", "must name either a state ({\"state\": \"FORCED_OPEN\"}) or an action "
					+ "({\"action\": \"reset\"})");
		}
		ChangeOutcome outcome = this.reloader.change(ConfigEdit.amend(changes), ChangeOptions.APPLY, "breaker",
				ConfigController.expectedVersion(ifMatch));
		return ResponseEntity.ok()
			.eTag(String.valueOf(this.reloader.version()))
			.body(new Answer(name, this.circuits.getAllBreakers().get(name).getState().name(), outcome.version()));
	}

	// Back to closed with an empty window (Resilience4j's reset), no state held any more.
	private void released(String name, String prefix, Map<String, Object> changes) {
		changes.put(prefix + "state", null);
		changes.put(prefix + RESET, BreakerOverrides.nextReset(this.circuits.settings().forBreaker(name).getReset()));
	}

	private static InvalidRequestException invalid(String field, String message) {
		return new InvalidRequestException("invalid circuit breaker command", List.of(new ApiError.FieldError(field,
				message)));
	}

	/**
	 * What the operator asks for.
	 *
	 * @param state {@code FORCED_OPEN}, {@code DISABLED}, {@code METRICS_ONLY} or {@code CLOSED}
	 * @param action {@code reset}
	 */
	record Command(String state, String action) {
	}

	/**
	 * The breaker after the command, on the instance that answers.
	 *
	 * @param breaker its name
	 * @param state its state here now
	 * @param version the configuration version that holds the command
	 */
	record Answer(String breaker, String state, long version) {
	}

}
