package ai.xseven.mesh.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import ai.xseven.mesh.config.FleetState;

import ai.xseven.mesh.startup.StartupMode;

/**
 * The answer of {@code /health/system}.
 *
 * @param status {@code UP}, {@code DEGRADED} or {@code DOWN}
 * @param startupMode how the services were started
 * @param fallbackReason why the mesh start-up fell back to legacy, or {@code null}
 * @param checkedAt when this answer was put together
 * @param instance the instance that answers and the configuration version in force there
 * @param instances the fleet as the latest heartbeat round saw it
 * @param recentChanges the latest changes of the services' statuses, the newest first
 * @param services every service by name, in registration order
 */
public record SystemHealth(SystemStatus status, StartupMode startupMode, String fallbackReason, Instant checkedAt,
		Instance instance, List<Member> instances, List<StatusChange> recentChanges,
		Map<String, ServiceHealth> services) {

	/**
	 * This answer as put together at another time.
	 * @param checkedAt the time, {@code null} for none
	 * @return the answer
	 */
	SystemHealth at(Instant checkedAt) {
		return new SystemHealth(this.status, this.startupMode, this.fallbackReason, checkedAt, this.instance,
				this.instances, this.recentChanges, this.services);
	}

	/**
	 * This answer with the fleet's part filled in.
	 * @param fleet what this instance knows of the fleet
	 * @return the answer
	 */
	public SystemHealth withFleet(FleetState fleet) {
		return new SystemHealth(this.status, this.startupMode, this.fallbackReason, this.checkedAt,
				new Instance(fleet.instance().id(), fleet.applied().version()),
				fleet.members().stream().map((member) -> new Member(member.id(), member.configVersion(),
						member.lastSeen(), member.status())).toList(),
				this.recentChanges, this.services);
	}

	/**
	 * The instance that answers.
	 *
	 * @param id its name
	 * @param configVersion the configuration version in force there
	 */
	public record Instance(String id, long configVersion) {
	}

	/**
	 * An instance of the fleet, as public as the rest of this answer.
	 *
	 * @param id its name
	 * @param configVersion the configuration version in force there
	 * @param lastSeen its latest heartbeat
	 * @param status its system status then
	 */
	public record Member(String id, long configVersion, Instant lastSeen, String status) {
	}

}
