package ai.xseven.mesh.health;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.config.AppliedConfig;
import ai.xseven.mesh.config.FleetMember;
import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.StartupStatus;

/**
 * The answer of {@code /health/system} as bytes, rendered once per change of what it shows and
 * kept with its ETag: a request in between costs a comparison, not a tree and its serialization.
 * What it shows: the checks' results, the services' lifecycle, the breakers' states, the fleet
 * and this instance's configuration version; and the time, in whole seconds, so that a result
 * turns stale in the answer even when nothing else moves.
 */
final class SystemHealthAnswer {

	private final HealthChecker checker;

	private final CircuitManager circuits;

	private final Supplier<StartupStatus> startup;

	private final FleetState fleet;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	private volatile Rendered rendered;

	SystemHealthAnswer(HealthChecker checker, CircuitManager circuits, Supplier<StartupStatus> startup,
			FleetState fleet, JsonMapper jsonMapper, Clock clock) {
		this.checker = checker;
		this.circuits = circuits;
		this.startup = startup;
		this.fleet = fleet;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
	}

	/**
	 * The answer as it is now.
	 * @return its bytes, ETag and status
	 */
	Rendered current() {
		Key key = new Key(this.checker.moves(), breakerStates(),
				this.startup.get(), this.fleet.applied(), this.fleet.members(), this.clock.millis() / 1000);
		Rendered last = this.rendered;
		if (last != null && last.key().equals(key)) {
			return last;
		}
		SystemHealth health = this.checker.getSystemHealth().withFleet(this.fleet);
		byte[] body = this.jsonMapper.writeValueAsBytes(health);
		Rendered fresh = new Rendered(key, body, etag(health), health.status());
		this.rendered = fresh;
		return fresh;
	}

	// Read from the breakers, not counted from their events: a consumer of a breaker's events
	// makes every call through it publish one.
	private Map<String, CircuitBreaker.State> breakerStates() {
		Map<String, CircuitBreaker.State> states = new HashMap<>();
		if (this.circuits != null) {
			this.circuits.getAllBreakers().forEach((name, breaker) -> states.put(name, breaker.getState()));
		}
		return states;
	}

	// Of the answer without the time it was put together, so that renderings that differ only by
	// it keep the tag (a poller in between gets 304).
	private String etag(SystemHealth health) {
		byte[] content = this.jsonMapper.writeValueAsBytes(health.at(null));
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
			return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/**
	 * One rendering.
	 *
	 * @param key what it was rendered from
	 * @param body the JSON
	 * @param etag a strong ETag of the JSON but its {@code checkedAt}
	 * @param status the system's status in it
	 */
	record Rendered(Key key, byte[] body, String etag, SystemStatus status) {
	}

	/**
	 * What an answer was rendered from: equal keys give the same answer.
	 */
	record Key(long moves, Map<String, CircuitBreaker.State> breakers, StartupStatus startup, AppliedConfig applied,
			List<FleetMember> members, long second) {
	}

}
