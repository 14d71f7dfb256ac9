package ai.xseven.mesh.health;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import ai.xseven.mesh.registry.ProbeResult;
import ai.xseven.mesh.startup.MeshTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProbeRunnerTests {

	@Test
	void aCheckWhoseThreadCannotBeStartedIsDownAndTheNextOneRuns() throws Exception {
		// The JVM's answer when the process has no thread left: an Error from Thread.start.
		AtomicBoolean noThreads = new AtomicBoolean(true);
		ProbeRunner runner = runner(failingStarts(noThreads, "unable to create native thread: possibly out of memory"));

		CheckOutcome starved = runner.probe("redis", ProbeResult::up, (name, outcome) -> {
		}, (name) -> true).get(5, TimeUnit.SECONDS);
		assertThat(starved.result().healthy()).isFalse();
		assertThat(starved.result().error()).contains("unable to create native thread");

		noThreads.set(false);
		CheckOutcome next = runner.probe("redis", ProbeResult::up, (name, outcome) -> {
		}, (name) -> true).get(5, TimeUnit.SECONDS);
		assertThat(next.result().healthy()).as(next.result().error()).isTrue();
	}

	@Test
	void aFullHeapIsNotTakenForALackOfThreads() {
		ProbeRunner runner = runner(failingStarts(new AtomicBoolean(true), "Java heap space"));
		assertThatThrownBy(() -> runner.probe("redis", ProbeResult::up, (name, outcome) -> {
		}, (name) -> true)).isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
	}

	private static ProbeRunner runner(MeshTaskExecutor executor) {
		return new ProbeRunner(executor, () -> Duration.ofMillis(500), () -> Duration.ofSeconds(1), Clock.systemUTC());
	}

	// The mesh's executor, whose threads fail to start with the given error while told to.
	static MeshTaskExecutor failingStarts(AtomicBoolean failing, String error) {
		return new MeshTaskExecutor() {

			@Override
			protected Thread newThread(Runnable task) {
				Thread thread = super.newThread(task);
				if (!failing.get()) {
					return thread;
				}
				return new Thread(task) {

					@Override
					public synchronized void start() {
						throw new OutOfMemoryError(error);
					}

				};
			}

		};
	}

}
