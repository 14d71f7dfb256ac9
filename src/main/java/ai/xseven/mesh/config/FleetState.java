package ai.xseven.mesh.config;

import java.time.Instant;
import java.util.List;

/**
 * What this instance knows of the fleet: its own name, the configuration version in force here,
 * and the instances of the latest heartbeat round. Each is replaced whole, never changed in place.
 */
public class FleetState {

	private final MeshInstance instance;

	private final Instant startedAt;

	private volatile AppliedConfig applied = AppliedConfig.BASELINE;

	private volatile List<FleetMember> members = List.of();

	public FleetState(MeshInstance instance, Instant startedAt) {
		this.instance = instance;
		this.startedAt = startedAt;
	}

	public MeshInstance instance() {
		return this.instance;
	}

	public Instant startedAt() {
		return this.startedAt;
	}

	public AppliedConfig applied() {
		return this.applied;
	}

	public void applied(AppliedConfig applied) {
		this.applied = applied;
	}

	/**
	 * The instances seen in the latest heartbeat round, this one among them once it ran.
	 * @return them, by id
	 */
	public List<FleetMember> members() {
		return this.members;
	}

	public void members(List<FleetMember> members) {
		this.members = List.copyOf(members);
	}

}
