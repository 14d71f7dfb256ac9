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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceState;

import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceStopsTests {

	private final ServiceRegistry registry = new ServiceRegistry(Clock.systemUTC());

	private final Map<String, Object> instances = new ConcurrentHashMap<>();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final StartupProperties properties = new StartupProperties();

	private final SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("stops-test-");

	private final CountDownLatch thaw = new CountDownLatch(1);

	@AfterEach
	void thaw() {
		this.thaw.countDown();
	}

	@Test
	void servicesThatDoNotDependOnEachOtherStopAtOnceAndTheirDependencyAfterThem() {
		CountDownLatch bothStopping = new CountDownLatch(2);
		running("database", recording("database", null));
		running("kafka", recording("kafka", bothStopping), "database");
		running("redis", recording("redis", bothStopping), "database");
		stops(Optional.empty()).stopAll();
		// Each of kafka and redis waits for the other to be stopping: run one after the other, the
		// first would wait out its latch and end alone.
		assertThat(this.events).containsExactlyInAnyOrder("begin kafka", "begin redis", "end kafka", "end redis",
				"begin database", "end database");
		assertThat(this.events.subList(0, 2)).containsExactlyInAnyOrder("begin kafka", "begin redis");
		assertThat(this.events.subList(4, 6)).containsExactly("begin database", "end database");
		assertThat(this.events).doesNotContain("kafka stopped alone", "redis stopped alone");
	}

	@Test
	void stopsShareTheBudgetSoThatAHungOneLeavesTimeForTheOthers() {
		this.properties.setStopTimeout(Duration.ofSeconds(10));
		running("database", recording("database", null));
		running("temporal", new ManagedService() {

			@Override
			public void start() {
			}

			@Override
			public void stop() {
				awaitIgnoringInterrupts(ServiceStopsTests.this.thaw, 8);
			}

		}, "database");
		long began = System.nanoTime();
		stops(Optional.of(Duration.ofSeconds(1))).stopAll();
		long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
		assertThat(tookMs).as("the stops of a budget of 1 s, in ms").isLessThan(5_000);
		assertThat(this.events).containsExactly("begin database", "end database");
		assertThat(this.registry.get("temporal").state()).isEqualTo(ServiceState.STOPPED);
		assertThat(this.registry.get("database").state()).isEqualTo(ServiceState.STOPPED);
	}

	private ServiceStops stops(Optional<Duration> budget) {
		ServiceStarter starter = new ServiceStarter(this.registry, (definition) -> this.instances.get(definition.name()),
				this.executor, this.properties);
		return new ServiceStops(this.registry, starter, this.executor, this.properties::getStopTimeout, () -> budget);
	}

	private void running(String name, ManagedService service, String... dependencies) {
		this.instances.put(name, service);
		this.registry.register(ServiceDefinition.builder(name).serviceClass(ManagedService.class)
			.dependencies(dependencies).build());
		this.registry.transition(name, ServiceState.RUNNING, null);
	}

	// A service whose stop is recorded; with a latch, the stop waits (up to 10 s, which only a stop
	// run alone waits out) for the others counting it down to be stopping too.
	private ManagedService recording(String name, CountDownLatch together) {
		return new ManagedService() {

			@Override
			public void start() {
			}

			@Override
			public void stop() {
				ServiceStopsTests.this.events.add("begin " + name);
				if (together != null) {
					together.countDown();
					if (!awaitIgnoringInterrupts(together, 10)) {
						ServiceStopsTests.this.events.add(name + " stopped alone");
					}
				}
				ServiceStopsTests.this.events.add("end " + name);
			}

		};
	}

	private static boolean awaitIgnoringInterrupts(CountDownLatch latch, int seconds) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < deadline) {
			try {
				return latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				// a stop that does not answer its interrupt, like one stuck on a frozen socket
			}
		}
		return false;
	}

}
