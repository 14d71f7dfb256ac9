package ai.xseven.mesh.health;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class MeshStatusAggregatorTests {

	private final AtomicReference<SystemStatus> system = new AtomicReference<>(SystemStatus.UP);

	private final AtomicBoolean live = new AtomicBoolean(true);

	private final MeshStatusAggregator aggregator = new MeshStatusAggregator(this.system::get, this.live::get);

	@Test
	void upWhenEveryComponentAndTheSystemAreUp() {
		assertThat(this.aggregator.getAggregateStatus(Set.of(Status.UP))).isEqualTo(Status.UP);
	}

	@Test
	void anOptionalServiceDownIsDegradedNotDown() {
		this.system.set(SystemStatus.DEGRADED);
		assertThat(this.aggregator.getAggregateStatus(Set.of(Status.UP, Status.DOWN)))
			.isEqualTo(MeshStatusAggregator.DEGRADED);
	}

	@Test
	void anOpenBreakerWithEveryServiceUpIsDegraded() {
		this.system.set(SystemStatus.DEGRADED);
		assertThat(this.aggregator.getAggregateStatus(Set.of(Status.UP))).isEqualTo(MeshStatusAggregator.DEGRADED);
	}

	@Test
	void aRequiredServiceDownIsDown() {
		this.system.set(SystemStatus.DOWN);
		assertThat(this.aggregator.getAggregateStatus(Set.of(Status.UP, Status.DOWN))).isEqualTo(Status.DOWN);
		assertThat(this.aggregator.getAggregateStatus(Set.of(Status.UP))).isEqualTo(Status.DOWN);
	}

	@Test
	void aBrokenLivenessStaysDown() {
		this.system.set(SystemStatus.DEGRADED);
		this.live.set(false);
		assertThat(this.aggregator.getAggregateStatus(Set.of(Status.UP, Status.DOWN))).isEqualTo(Status.DOWN);
	}

	@Test
	void outOfServiceWinsOverDegraded() {
		this.system.set(SystemStatus.DEGRADED);
		assertThat(this.aggregator.getAggregateStatus(Set.of(Status.OUT_OF_SERVICE, Status.UP)))
			.isEqualTo(Status.OUT_OF_SERVICE);
	}

}
