package ai.xseven.mesh.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import ai.xseven.mesh.registry.ProbeResult;
import ai.xseven.mesh.registry.ServiceSnapshot;
import ai.xseven.mesh.registry.ServiceState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of a service's and the system's health, on a fixed clock.
 */
class HealthAssessorTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	// Three intervals of 10 s plus a timeout of 2 s.
	private final HealthAssessor assessor = new HealthAssessor(Clock.fixed(NOW, ZoneOffset.UTC),
			() -> Duration.ofSeconds(32));

	@Test
	void aResultOlderThanThreeIntervalsPlusTheTimeoutIsStaleAndNotUp() {
		ServiceHealth fresh = running("database", true, NOW.minusSeconds(32));
		ServiceHealth stale = running("database", true, NOW.minusSeconds(33));

		assertThat(fresh.stale()).isFalse();
		assertThat(fresh.up()).isTrue();
		assertThat(stale.status()).isEqualTo(ServiceStatus.UP);
		assertThat(stale.stale()).isTrue();
		assertThat(stale.up()).isFalse();
		assertThat(HealthAssessor.overall(List.of(stale), false)).isEqualTo(SystemStatus.DOWN);
		assertThat(HealthAssessor.overall(List.of(running("redis", false, NOW.minusSeconds(60)), fresh), false))
			.isEqualTo(SystemStatus.DEGRADED);
	}

	@Test
	void anOpenBreakerDegradesASystemWhoseServicesAreAllUp() {
		ServiceHealth up = running("redis", false, NOW);
		assertThat(HealthAssessor.overall(List.of(up), false)).isEqualTo(SystemStatus.UP);
		assertThat(HealthAssessor.overall(List.of(up), true)).isEqualTo(SystemStatus.DEGRADED);
	}

	@Test
	void aServiceNotStartedYetIsUnknownDuringTheStartUpAndDownAfterItWithWhatItWaitsFor() {
		ServiceSnapshot waiting = new ServiceSnapshot("temporal", false, ServiceState.REGISTERED, List.of("database"),
				null, null, NOW);

		ServiceHealth during = this.assessor.assess(waiting, null, true, false, (name) -> false, null);
		ServiceHealth after = this.assessor.assess(waiting, null, true, true, (name) -> false, null);

		assertThat(during.status()).isEqualTo(ServiceStatus.UNKNOWN);
		assertThat(after.status()).isEqualTo(ServiceStatus.DOWN);
		assertThat(after.error()).isEqualTo("not started: waiting for database");
	}

	@Test
	void aRunningServiceWithoutACheckIsUpAndOneNotCheckedYetUnknown() {
		ServiceSnapshot service = new ServiceSnapshot("audit", false, ServiceState.RUNNING, List.of(), null, null, NOW);
		assertThat(this.assessor.assess(service, null, false, true, (name) -> true, null).status())
			.isEqualTo(ServiceStatus.UP);
		assertThat(this.assessor.assess(service, null, true, true, (name) -> true, null).status())
			.isEqualTo(ServiceStatus.UNKNOWN);
	}

	private ServiceHealth running(String name, boolean required, Instant checkedAt) {
		ServiceSnapshot service = new ServiceSnapshot(name, required, ServiceState.RUNNING, List.of(), null, null,
				NOW.minusSeconds(600));
		CheckOutcome outcome = new CheckOutcome(ProbeResult.up(), Duration.ofMillis(3), checkedAt);
		return this.assessor.assess(service, outcome, true, true, (other) -> true, "CLOSED");
	}

}
