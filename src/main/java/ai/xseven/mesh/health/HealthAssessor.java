package ai.xseven.mesh.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import ai.xseven.mesh.registry.ServiceSnapshot;

/**
 * Tells a service's health from its lifecycle state and its latest check, and the system's from
 * its services': no I/O, no state of its own, so that every rule is tested with {@code new} and a
 * fixed clock.
 */
final class HealthAssessor {

	private final Clock clock;

	private final Supplier<Duration> staleAfter;

	/**
	 * @param clock what "now" is
	 * @param staleAfter the age beyond which a result no longer counts as UP (three intervals
	 * plus the timeout in force)
	 */
	HealthAssessor(Clock clock, Supplier<Duration> staleAfter) {
		this.clock = clock;
		this.staleAfter = staleAfter;
	}

	/**
	 * One service's health.
	 * @param service the service's snapshot
	 * @param outcome its latest check, {@code null} when none since it started
	 * @param checked whether it has a check at all
	 * @param startupCompleted whether the start-up has finished
	 * @param running whether a service (a dependency) is running
	 * @param breaker the state of its breaker, {@code null} when it has none
	 * @return its health
	 */
	ServiceHealth assess(ServiceSnapshot service, CheckOutcome outcome, boolean checked, boolean startupCompleted,
			Predicate<String> running, String breaker) {
		ServiceStatus status;
		String error = null;
		Double latencyMs = null;
		Instant checkedAt = service.stateChangedAt();
		Map<String, Object> details = Map.of();
		boolean stale = false;
		switch (service.state()) {
			case RUNNING -> {
				if (outcome != null) {
					status = outcome.result().healthy() ? ServiceStatus.UP : ServiceStatus.DOWN;
					error = outcome.result().error();
					latencyMs = outcome.latency().toNanos() / 1_000_000.0;
					checkedAt = outcome.checkedAt();
					details = outcome.result().details();
					stale = outcome.checkedAt().plus(this.staleAfter.get()).isBefore(this.clock.instant());
				}
				else {
					status = checked ? ServiceStatus.UNKNOWN : ServiceStatus.UP;
				}
			}
			case FAILED -> {
				status = ServiceStatus.DOWN;
				error = service.error();
			}
			case STOPPED -> {
				status = ServiceStatus.DOWN;
				error = "stopped";
			}
			case REGISTERED -> {
				List<String> waiting = service.dependsOn().stream().filter(running.negate()).toList();
				status = startupCompleted ? ServiceStatus.DOWN : ServiceStatus.UNKNOWN;
				error = waiting.isEmpty() ? "not started" : "not started: waiting for " + String.join(", ", waiting);
			}
			case STARTING -> {
				status = startupCompleted ? ServiceStatus.DOWN : ServiceStatus.UNKNOWN;
				error = startupCompleted ? ((service.error() != null) ? "starting again after: " + service.error()
						: "starting") : null;
			}
			default -> status = ServiceStatus.UNKNOWN;
		}
		return new ServiceHealth(null, status, service.required(), service.state(), latencyMs, checkedAt, error, breaker,
				service.dependsOn(), details, stale);
	}

	/**
	 * The system's status: {@code DOWN} when a required service is not UP (a stale result is not
	 * UP), else {@code DEGRADED} when an optional one is not or a breaker is open, else {@code UP}.
	 * @param services every service's health
	 * @param breakerOpen whether any breaker is open
	 * @return the status
	 */
	static SystemStatus overall(Collection<ServiceHealth> services, boolean breakerOpen) {
		if (services.stream().anyMatch((service) -> service.required() && !service.up())) {
			return SystemStatus.DOWN;
		}
		boolean optionalDown = services.stream().anyMatch((service) -> !service.up());
		return (optionalDown || breakerOpen) ? SystemStatus.DEGRADED : SystemStatus.UP;
	}

}
