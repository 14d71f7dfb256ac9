package ai.xseven.mesh.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ProbeResult;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.startup.StartupMode;
import ai.xseven.mesh.startup.StartupStatus;
import ai.xseven.mesh.support.MovingClock;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.support.TaskExecutorAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class HealthCheckerTests {

	private final CheckerFixture fixture = new CheckerFixture();

	private final ServiceRegistry registry = this.fixture.registry;

	private final List<ServiceDefinition> lateRegistrations = this.fixture.lateRegistrations;

	private final HealthProperties properties = this.fixture.properties;

	private final HealthChecker checker = this.fixture.checker;

	@Test
	void failingCheckIsDownWithItsMessageAndRecoversOnTheNextRound() {
		AtomicInteger failures = new AtomicInteger(1);
		running("redis", false, () -> {
			if (failures.getAndDecrement() > 0) {
				throw new IllegalStateException("Unable to connect to localhost:6379");
			}
			return ProbeResult.up();
		});
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.checker.getServiceHealth("redis").orElseThrow().status() == ServiceStatus.DOWN);
		assertThat(this.checker.getServiceHealth("redis").orElseThrow().error())
			.isEqualTo("Unable to connect to localhost:6379");
		// The next round finds it UP.
		this.checker.probe("redis").join();
		assertThat(this.checker.getServiceHealth("redis").orElseThrow().status()).isEqualTo(ServiceStatus.UP);
	}

	@Test
	void systemIsDownWhenARequiredServiceIsNotUp() {
		running("database", true, () -> ProbeResult.down("connection refused"));
		running("redis", false, ProbeResult::up);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.checker.getSystemHealth().status() == SystemStatus.DOWN);
		assertThat(this.checker.refresh("database").orElseThrow().error()).isEqualTo("connection refused");
	}

	@Test
	void failedAndWaitingServicesAreDownWithTheirReason() {
		this.registry.register(ServiceDefinition.builder("redis").build());
		this.registry.register(ServiceDefinition.builder("session").dependencies("redis").build());
		this.registry.transition("redis", ServiceState.FAILED, "start timed out after 30000 ms");
		SystemHealth health = this.checker.getSystemHealth();
		assertThat(health.services().get("redis").error()).isEqualTo("start timed out after 30000 ms");
		assertThat(health.services().get("session").status()).isEqualTo(ServiceStatus.DOWN);
		assertThat(health.services().get("session").error()).isEqualTo("not started: waiting for redis");
		assertThat(health.status()).isEqualTo(SystemStatus.DEGRADED);
	}

	@Test
	void registerCheckOnAnUnknownNameRegistersACheckOnlyService() {
		this.checker.registerCheck("my_service", HealthCheck.ofBoolean(() -> true));
		assertThat(this.lateRegistrations).extracting(ServiceDefinition::name).containsExactly("my_service");
		this.registry.started("my_service", Duration.ZERO);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.checker.getServiceHealth("my_service").orElseThrow().status() == ServiceStatus.UP);
	}

	@Test
	void aRefreshProbesAtMostOncePerSecondAndOthersGetTheLatestResult() {
		MovingClock clock = new MovingClock();
		// A registry of its own: the other checker follows the shared one.
		ServiceRegistry registry = new ServiceRegistry(clock);
		HealthChecker checker = new HealthChecker(registry, (definition) -> null, null,
				() -> new StartupStatus(StartupMode.MESH, null, true, registry.snapshots()), registry::register,
				this.properties, new SimpleAsyncTaskExecutor("check-"), clock, new SimpleMeterRegistry());
		AtomicInteger probes = new AtomicInteger();
		registry.register(ServiceDefinition.builder("redis").healthCheck(() -> {
			probes.incrementAndGet();
			return ProbeResult.up();
		}).build());
		registry.addListener(checker);
		registry.started("redis", Duration.ofMillis(1));
		// Its first check, as it started.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> checker.getServiceHealth("redis").orElseThrow().status() == ServiceStatus.UP);
		assertThat(probes).hasValue(1);

		checker.refresh("redis");
		checker.refresh("redis");
		clock.advance(Duration.ofMillis(900));
		checker.refresh("redis");
		assertThat(probes).hasValue(1);

		clock.advance(Duration.ofMillis(200));
		assertThat(checker.refresh("redis").orElseThrow().checkedAt()).isEqualTo(clock.instant());
		assertThat(probes).hasValue(2);
	}

	@Test
	void aResultTurningStaleIsLoggedOnceByTheFirstReadThatSeesIt(CapturedOutput output) {
		MovingClock clock = new MovingClock();
		ServiceRegistry registry = new ServiceRegistry(clock);
		HealthChecker checker = new HealthChecker(registry, (definition) -> null, null,
				() -> new StartupStatus(StartupMode.MESH, null, true, registry.snapshots()), registry::register,
				this.properties, new SimpleAsyncTaskExecutor("check-"), clock, new SimpleMeterRegistry());
		registry.register(ServiceDefinition.builder("redis").healthCheck(ProbeResult::up).build());
		registry.addListener(checker);
		registry.started("redis", Duration.ofMillis(1));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> checker.getServiceHealth("redis").orElseThrow().status() == ServiceStatus.UP);
		String staleLine = "Service 'redis' has had no check result since";

		// Three intervals plus the timeout without a round: the checks stopped.
		clock.advance(this.properties.getInterval().multipliedBy(3).plus(this.properties.getTimeout()).plusSeconds(1));
		assertThat(output.getOut()).doesNotContain(staleLine);
		assertThat(checker.getSystemHealth().services().get("redis").stale()).isTrue();
		checker.getServiceHealth("redis");
		checker.getSystemHealth();
		assertThat(output.getOut().split(staleLine, -1)).as("one line for one stale result").hasSize(2);

		checker.probe("redis").join();
		assertThat(checker.getServiceHealth("redis").orElseThrow().stale()).isFalse();
		checker.getSystemHealth();
		assertThat(output.getOut().split("Service 'redis' has a fresh check result again: UP", -1)).hasSize(2);
	}

	@Test
	void statusChangesAreListedNewestFirstTwentyAtMost() {
		AtomicBoolean healthy = new AtomicBoolean(true);
		running("redis", false, () -> healthy.get() ? ProbeResult.up() : ProbeResult.down("refused"));
		for (int round = 0; round < 30; round++) {
			healthy.set(round % 2 == 0);
			this.checker.probe("redis").join();
		}
		List<StatusChange> changes = this.checker.getSystemHealth().recentChanges();
		assertThat(changes).hasSize(StatusChanges.KEPT);
		assertThat(changes.get(0)).extracting(StatusChange::service, StatusChange::from, StatusChange::to,
				StatusChange::error).containsExactly("redis", ServiceStatus.UP, ServiceStatus.DOWN, "refused");
		assertThat(changes.get(1).to()).isEqualTo(ServiceStatus.UP);
	}

	@Test
	void checkAbandonedBeforeItStartedDoesNotCountAsStillRunning() {
		HeldExecutor held = new HeldExecutor();
		HealthChecker checker = new HealthChecker(this.registry, (definition) -> null, null,
				() -> new StartupStatus(StartupMode.MESH, null, true, this.registry.snapshots()), this.registry::register,
				this.properties, new TaskExecutorAdapter(held), Clock.systemUTC(),
				new SimpleMeterRegistry());
		this.registry.addListener(checker);
		running("kafka", false, ProbeResult::up);
		checker.checkAll();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> "timed out after 200 ms".equals(checker.getServiceHealth("kafka").orElseThrow().error()));

		// The starved thread gets its turn only now: the timed-out check was cancelled and never runs.
		held.release();
		checker.checkAll();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> checker.getServiceHealth("kafka").orElseThrow().status() == ServiceStatus.UP);
	}

	@Test
	void checkRefusedByTheExecutorIsDownAndDoesNotCountAsStillRunning() {
		AtomicBoolean refuse = new AtomicBoolean(true);
		HealthChecker checker = new HealthChecker(this.registry, (definition) -> null, null,
				() -> new StartupStatus(StartupMode.MESH, null, true, this.registry.snapshots()), this.registry::register,
				this.properties, new TaskExecutorAdapter((task) -> {
					if (refuse.get()) {
						throw new RejectedExecutionException("no thread left");
					}
					new Thread(task).start();
				}), Clock.systemUTC(), new SimpleMeterRegistry());
		running("kafka", false, ProbeResult::up);
		checker.checkAll();
		assertThat(checker.getServiceHealth("kafka").orElseThrow().error()).contains("no thread left");
		refuse.set(false);
		checker.checkAll();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> checker.getServiceHealth("kafka").orElseThrow().status() == ServiceStatus.UP);
	}

	/**
	 * An executor whose threads get no turn until released, as under a starved scheduler; then
	 * it runs what it held and everything after it.
	 */
	static final class HeldExecutor implements Executor {

		private final List<Runnable> held = new ArrayList<>();

		private boolean released;

		@Override
		public synchronized void execute(Runnable task) {
			if (this.released) {
				new Thread(task).start();
			}
			else {
				this.held.add(task);
			}
		}

		synchronized void release() {
			this.released = true;
			this.held.forEach((task) -> new Thread(task).start());
			this.held.clear();
		}

	}

	private void running(String name, boolean required, HealthCheck check) {
		this.fixture.running(name, required, check);
	}

}
