package ai.xseven.mesh.health;

import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Status;

/**
 * Actuator's overall status as {@code /health/system} says it: {@code DOWN} only while a required
 * service is not UP, {@code DEGRADED} (answered 200) while an optional one is not UP or a breaker
 * is open, so an optional service shows as a DOWN component without turning the whole answer
 * DOWN. While the system is not DOWN and the application is live, a DOWN component counts as
 * DEGRADED: the services are the host's only components that can be DOWN besides liveness,
 * which keeps its DOWN. The readiness and liveness groups keep Boot's own order
 * ({@code application.yml}).
 */
final class MeshStatusAggregator implements StatusAggregator {

	/** The status of a host that serves with an optional service or a breaker down. */
	static final Status DEGRADED = new Status("DEGRADED");

	private static final StatusAggregator ORDER = new SimpleStatusAggregator(Status.DOWN, Status.OUT_OF_SERVICE,
			DEGRADED, Status.UP, Status.UNKNOWN);

	private final Supplier<SystemStatus> system;

	private final BooleanSupplier live;

	/**
	 * @param system the system's status now
	 * @param live whether the application is live (its liveness state is correct)
	 */
	MeshStatusAggregator(Supplier<SystemStatus> system, BooleanSupplier live) {
		this.system = system;
		this.live = live;
	}

	@Override
	public Status getAggregateStatus(Set<Status> statuses) {
		SystemStatus system = this.system.get();
		Set<Status> all = new HashSet<>(statuses);
		if (system != SystemStatus.DOWN && this.live.getAsBoolean() && all.remove(Status.DOWN)) {
			all.add(DEGRADED);
		}
		all.add(switch (system) {
			case UP -> Status.UP;
			case DEGRADED -> DEGRADED;
			case DOWN -> Status.DOWN;
		});
		return ORDER.getAggregateStatus(all);
	}

}
