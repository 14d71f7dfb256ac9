package ai.xseven.mesh.admin;

import java.util.List;

import ai.xseven.mesh.config.FleetMember;
import ai.xseven.mesh.config.InstanceStore;
import ai.xseven.mesh.config.runtime.FleetSync;
import ai.xseven.mesh.health.HealthProperties;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/instances}: every live instance sharing the database, read from the heartbeat
 * table when asked.
 */
@RestController
class FleetController {

	private final InstanceStore instances;

	private final HealthProperties health;

	FleetController(InstanceStore instances, HealthProperties health) {
		this.instances = instances;
		this.health = health;
	}

	@GetMapping("/admin/instances")
	Instances instances() {
		return new Instances(this.instances.live(this.health.getInterval().multipliedBy(FleetSync.LIVE_INTERVALS)));
	}

	/**
	 * The answer.
	 *
	 * @param instances the live instances, by id
	 */
	record Instances(List<FleetMember> instances) {
	}

}
