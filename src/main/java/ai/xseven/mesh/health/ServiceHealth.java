package ai.xseven.mesh.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import ai.xseven.mesh.registry.ServiceState;

/**
 * One service's entry in {@code /health/system}, and the answer of {@code /health/service/{name}}
 * (which adds {@code name}).
 *
 * @param name the service's name, only in the single-service answer
 * @param status its health
 * @param required whether the host is DOWN without it
 * @param state its lifecycle state
 * @param latencyMs how long its last check took, or {@code null} when not checked
 * @param checkedAt when its status was last established
 * @param error why it is not UP, or {@code null}
 * @param circuitBreaker the state of its breaker, or {@code null} when it has none
 * @param dependsOn the services it needs
 * @param details what its check found, left out when empty
 * @param stale whether its latest result is older than three health intervals plus the timeout
 * (the checks stopped): then it does not count as UP; left out when not
 */
public record ServiceHealth(@JsonInclude(JsonInclude.Include.NON_NULL) String name, ServiceStatus status,
		boolean required, ServiceState state, Double latencyMs, Instant checkedAt, String error, String circuitBreaker,
		List<String> dependsOn, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> details,
		@JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean stale) {

	ServiceHealth withName(String name) {
		return new ServiceHealth(name, this.status, this.required, this.state, this.latencyMs, this.checkedAt,
				this.error, this.circuitBreaker, this.dependsOn, this.details, this.stale);
	}

	/**
	 * Whether the service counts as UP: its status is, from a result that is not stale.
	 * @return whether it is UP
	 */
	public boolean up() {
		return this.status == ServiceStatus.UP && !this.stale;
	}

}
