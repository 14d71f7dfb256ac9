package ai.xseven.mesh.startup;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceState;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class StartupOrchestratorTests {

	private final ServiceRegistry registry = new ServiceRegistry(Clock.systemUTC());

	private final Map<String, Object> instances = new ConcurrentHashMap<>();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final StartupProperties properties = new StartupProperties();

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final List<BeforeServicesStart> preparations = new CopyOnWriteArrayList<>();

	StartupOrchestratorTests() {
		this.properties.setServiceTimeout(Duration.ofSeconds(5));
		this.properties.getRetry().setInitialBackoff(Duration.ofMillis(20));
		this.properties.getRetry().setMaxBackoff(Duration.ofMillis(100));
		this.scheduler.initialize();
	}

	@AfterEach
	void shutdown() {
		this.scheduler.shutdown();
	}

	@Test
	void preparationsRunInOrderBeforeTheFirstServiceStartsAndAFailedOneDoesNotStopTheStartUp() {
		this.preparations.add(() -> this.events.add("prepare stored settings"));
		this.preparations.add(() -> {
			throw new IllegalStateException("database unreachable");
		});
		this.preparations.add(() -> this.events.add("prepare last"));
		register("a", () -> this.events.add("start a"));
		StartupOrchestrator orchestrator = orchestrator(false);
		orchestrator.start();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		assertThat(this.events).containsExactly("prepare stored settings", "prepare last", "start a");
		assertThat(state("a")).isEqualTo(ServiceState.RUNNING);
	}

	@Test
	void stopWhileTheStartUpPreparesStartsNoService() throws InterruptedException {
		CountDownLatch preparing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.preparations.add(() -> {
			preparing.countDown();
			try {
				release.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		register("a", () -> this.events.add("start a"));
		StartupOrchestrator orchestrator = orchestrator(false);
		orchestrator.start();
		assertThat(preparing.await(5, TimeUnit.SECONDS)).isTrue();
		orchestrator.stop();
		release.countDown();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		assertThat(this.events).isEmpty();
		assertThat(state("a")).isNotEqualTo(ServiceState.RUNNING);
	}

	@Test
	void startStartsIndependentServicesInParallel() {
		CountDownLatch bothStarting = new CountDownLatch(2);
		ManagedService waitsForTheOther = () -> {
			bothStarting.countDown();
			if (!bothStarting.await(5, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the other service did not start alongside");
			}
		};
		register("a", waitsForTheOther);
		register("b", waitsForTheOther);
		StartupOrchestrator orchestrator = orchestrator(false);
		orchestrator.start();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		assertThat(state("a")).isEqualTo(ServiceState.RUNNING);
		assertThat(state("b")).isEqualTo(ServiceState.RUNNING);
	}

	@Test
	void startStartsAServiceOnlyOnceAllItsDependenciesRun() {
		register("api", recording("api"), "cache", "database");
		register("database", recording("database"));
		register("cache", recording("cache"), "redis");
		register("redis", recording("redis"));
		StartupOrchestrator orchestrator = orchestrator(false);
		orchestrator.start();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		assertThat(this.events).containsSubsequence("start redis", "start cache", "start api")
			.containsSubsequence("start database", "start api");
		assertThat(orchestrator.getSystemStatus().completed()).isTrue();
	}

	@Test
	void startWhenOptionalServiceFailsShouldDegradeAndHoldBackItsDependents() {
		register("database", recording("database"));
		register("redis", failing(new AtomicInteger(Integer.MAX_VALUE)));
		register("session", recording("session"), "redis");
		StartupOrchestrator orchestrator = orchestrator(false);
		orchestrator.start();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		assertThat(state("database")).isEqualTo(ServiceState.RUNNING);
		assertThat(this.registry.get("redis").state()).isEqualTo(ServiceState.FAILED);
		assertThat(this.registry.get("redis").error()).isEqualTo("connection refused");
		assertThat(state("session")).isEqualTo(ServiceState.REGISTERED);
		assertThat(orchestrator.getMode()).isEqualTo(StartupMode.MESH);
		assertThat(orchestrator.getFallbackReason()).isNull();
		orchestrator.stop();
	}

	@Test
	void failedServiceIsRetriedInTheBackgroundAndItsDependentsFollow() {
		AtomicInteger failuresLeft = new AtomicInteger(3);
		register("redis", failing(failuresLeft));
		register("session", recording("session"), "redis");
		StartupOrchestrator orchestrator = orchestrator(false);
		orchestrator.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> state("session") == ServiceState.RUNNING);
		assertThat(state("redis")).isEqualTo(ServiceState.RUNNING);
		assertThat(failuresLeft).hasValue(-1);
		orchestrator.stop();
	}

	@Test
	void startThatOutlivesItsTimeoutFails() {
		this.properties.setServiceTimeout(Duration.ofMillis(100));
		CountDownLatch never = new CountDownLatch(1);
		register("slow", () -> never.await());
		StartupOrchestrator orchestrator = orchestrator(false);
		orchestrator.start();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		assertThat(this.registry.get("slow").state()).isEqualTo(ServiceState.FAILED);
		assertThat(this.registry.get("slow").error()).isEqualTo("start timed out after 100 ms");
		orchestrator.stop();
	}

	@Test
	void cycleFallsBackToLegacyStartupWithTheReason() {
		register("database", recording("database"));
		register("a", recording("a"), "b");
		register("b", recording("b"), "a");
		StartupOrchestrator orchestrator = orchestrator(false);
		orchestrator.start();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		assertThat(orchestrator.getMode()).isEqualTo(StartupMode.LEGACY);
		assertThat(orchestrator.getFallbackReason()).isEqualTo("Dependency cycle between services: a -> b -> a");
		assertThat(this.events).containsExactly("start database", "start a", "start b");
	}

	@Test
	void unknownDependencyFallsBackToLegacyStartupNamingIt() {
		register("api", recording("api"), "nope");
		StartupOrchestrator orchestrator = orchestrator(false);
		orchestrator.start();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		assertThat(orchestrator.getMode()).isEqualTo(StartupMode.LEGACY);
		assertThat(orchestrator.getFallbackReason()).isEqualTo("Service 'api' depends on unknown service 'nope'");
		assertThat(state("api")).isEqualTo(ServiceState.RUNNING);
	}

	@Test
	void legacyStartupGoesOneAtATimeInTheDocumentedOrderAndStopsAtARequiredFailure() {
		register("audit", recording("audit"));
		register("redis", recording("redis"));
		this.registry.register(ServiceDefinition.builder("database").serviceClass(ManagedService.class)
			.required(true).build());
		this.instances.put("database", failing(new AtomicInteger(Integer.MAX_VALUE)));
		StartupOrchestrator orchestrator = orchestrator(true);
		orchestrator.start();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		assertThat(orchestrator.getMode()).isEqualTo(StartupMode.LEGACY);
		assertThat(state("database")).isEqualTo(ServiceState.FAILED);
		assertThat(state("redis")).isEqualTo(ServiceState.REGISTERED);
		assertThat(this.events).isEmpty();
		assertThat(LegacyStartup.order(this.registry.definitions())).containsExactly("database", "redis", "audit");
	}

	@Test
	void startupModeWhenAPreparationPutsStoredSettingsInForceShouldFollowThem() {
		register("redis", recording("redis"));
		AtomicBoolean legacy = new AtomicBoolean();
		// The stored runtime configuration, put in force before the services start, says legacy.
		this.preparations.add(() -> legacy.set(true));
		StartupOrchestrator orchestrator = orchestrator(legacy::get);
		assertThat(orchestrator.getMode()).isEqualTo(StartupMode.MESH);
		orchestrator.start();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		assertThat(orchestrator.getMode()).isEqualTo(StartupMode.LEGACY);
		assertThat(state("redis")).isEqualTo(ServiceState.RUNNING);
	}

	@Test
	void restartStopsDependentsFirstThenStartsInDependencyOrder() {
		register("redis", recording("redis"));
		register("session", recording("session"), "redis");
		register("api", recording("api"), "session");
		register("database", recording("database"));
		StartupOrchestrator orchestrator = orchestrator(false);
		orchestrator.start();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		this.events.clear();
		RestartResult result = orchestrator.restart("redis");
		assertThat(result.restarted()).containsExactly("redis", "session", "api");
		assertThat(result.running()).isTrue();
		assertThat(this.events).containsExactly("stop api", "stop session", "stop redis", "start redis",
				"start session", "start api");
		assertThatExceptionOfType(UnknownServiceException.class).isThrownBy(() -> orchestrator.restart("nope"));
		orchestrator.stop();
	}

	@Test
	void stopStopsServicesInReverseDependencyOrder() {
		register("session", recording("session"), "redis");
		register("redis", recording("redis"));
		StartupOrchestrator orchestrator = orchestrator(false);
		orchestrator.start();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		this.events.clear();
		orchestrator.stop();
		assertThat(this.events).containsExactly("stop session", "stop redis");
		assertThat(state("redis")).isEqualTo(ServiceState.STOPPED);
	}

	@Test
	void registerAfterStartRejectsAnUnknownDependencyAndStartsAValidService() {
		register("redis", recording("redis"));
		StartupOrchestrator orchestrator = orchestrator(false);
		orchestrator.start();
		assertThat(orchestrator.awaitStartup(Duration.ofSeconds(10))).isTrue();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> orchestrator.registerService(ServiceDefinition.builder("late").dependencies("nope").build()))
			.withMessage("Service 'late' depends on unknown service 'nope'");
		this.instances.put("late", recording("late"));
		orchestrator.registerService(ServiceDefinition.builder("late").serviceClass(ManagedService.class)
			.dependencies("redis").build());
		await().atMost(Duration.ofSeconds(5)).until(() -> state("late") == ServiceState.RUNNING);
		orchestrator.stop();
	}

	private void register(String name, ManagedService service, String... dependencies) {
		this.instances.put(name, service);
		this.registry.register(ServiceDefinition.builder(name).serviceClass(ManagedService.class)
			.dependencies(dependencies).build());
	}

	private ManagedService recording(String name) {
		return new ManagedService() {

			@Override
			public void start() {
				StartupOrchestratorTests.this.events.add("start " + name);
			}

			@Override
			public void stop() {
				StartupOrchestratorTests.this.events.add("stop " + name);
			}

		};
	}

	private static ManagedService failing(AtomicInteger failuresLeft) {
		return () -> {
			if (failuresLeft.getAndDecrement() > 0) {
				throw new IllegalStateException("connection refused");
			}
		};
	}

	private ServiceState state(String name) {
		return this.registry.get(name).state();
	}

	private StartupOrchestrator orchestrator(boolean legacyFirst) {
		return orchestrator(() -> legacyFirst);
	}

	private StartupOrchestrator orchestrator(BooleanSupplier legacyFirst) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("test-");
		ServiceStarter starter = new ServiceStarter(this.registry,
				(definition) -> this.instances.get(definition.name()), executor, this.properties);
		MeshStartup mesh = new MeshStartup(this.registry, starter, executor, this.scheduler, this.properties);
		LegacyStartup legacy = new LegacyStartup(this.registry, starter);
		return new StartupOrchestrator(this.registry, starter, mesh, legacy,
				(definition) -> this.instances.get(definition.name()), executor, legacyFirst,
				new StartupMetrics(new SimpleMeterRegistry(), this.registry), () -> this.preparations,
				new ServiceStops(this.registry, starter, executor, this.properties::getStopTimeout, Optional::empty));
	}

}
