package ai.xseven.mesh.config.runtime;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import ai.xseven.mesh.config.AppliedConfig;
import ai.xseven.mesh.config.FleetMember;
import ai.xseven.mesh.config.InstanceStore;
import ai.xseven.mesh.config.StoredVersion;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceState;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FleetSyncTests {

	@Test
	void withNoNotificationAtAllThePeriodicReadAppliesAVersionStoredByAnotherInstance() {
		ConfigReloaderPropertyTests.Fixture fixture = new ConfigReloaderPropertyTests.Fixture(Set.of(), false);
		fixture.registry.register(ServiceDefinition.builder("database").build());
		Heartbeats heartbeats = new Heartbeats();
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.initialize();
		ThreadPoolTaskScheduler heartbeatScheduler = new ThreadPoolTaskScheduler();
		heartbeatScheduler.initialize();
		// The listener can never connect: every notification is lost.
		FleetSync sync = new FleetSync(fixture.registry, fixture.reloader, heartbeats, fixture.fleet, scheduler,
				heartbeatScheduler,
				() -> Duration.ofMillis(100), () -> "UP", () -> {
					throw new SQLException("no listening here");
				}, new FixedBackOff(50, FixedBackOff.UNLIMITED_ATTEMPTS));
		try {
			sync.start();
			fixture.registry.transition("database", ServiceState.RUNNING, null);
			fixture.stored.add(new StoredVersion(1, Instant.now(), "api", "other", Map.of("dspy.model", "from-elsewhere"),
					Map.of()));
			await().atMost(Duration.ofSeconds(5)).until(() -> fixture.reloader.version() == 1);
			assertThat(fixture.sections.flatten("dspy")).containsEntry("dspy.model", "from-elsewhere");
			// The heartbeat says so, and goes on while a change holds the configuration up.
			await().atMost(Duration.ofSeconds(5)).until(() -> heartbeats.versions.contains(1L));
			int before = heartbeats.versions.size();
			synchronized (fixture.reloader) {
				await().atMost(Duration.ofSeconds(5)).until(() -> heartbeats.versions.size() > before + 2);
			}
		}
		finally {
			sync.stop();
			scheduler.shutdown();
			heartbeatScheduler.shutdown();
		}
		assertThat(heartbeats.left).containsExactly("test");
	}

	/**
	 * The heartbeat table in memory.
	 */
	static final class Heartbeats extends InstanceStore {

		final List<Long> versions = new CopyOnWriteArrayList<>();

		final List<String> left = new CopyOnWriteArrayList<>();

		Heartbeats() {
			super(null);
		}

		@Override
		public void heartbeat(String id, Instant startedAt, AppliedConfig applied, String status) {
			this.versions.add(applied.version());
		}

		@Override
		public List<FleetMember> live(Duration within) {
			return List.of();
		}

		@Override
		public int purge(Duration unseen) {
			return 0;
		}

		@Override
		public void leave(String id) {
			this.left.add(id);
		}

	}

}
