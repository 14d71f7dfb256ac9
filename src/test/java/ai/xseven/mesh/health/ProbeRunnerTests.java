package ai.xseven.mesh.health;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import ai.xseven.mesh.registry.ProbeResult;

import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProbeRunnerTests {

	@Test
	void aCheckWhoseThreadCannotBeStartedIsDownAndTheNextOneRuns() throws Exception {
		// The JVM's answer when the process has no thread left: an Error, not a rejection.
		AtomicBoolean noThreads = new AtomicBoolean(true);
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("probe-test-") {

			@Override
			public Future<?> submit(Runnable task) {
				if (noThreads.get()) {
					throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
				}
				return super.submit(task);
			}

		};
		ProbeRunner runner = new ProbeRunner(executor, () -> Duration.ofMillis(500), () -> Duration.ofSeconds(1),
				Clock.systemUTC());

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
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("probe-test-") {

			@Override
			public Future<?> submit(Runnable task) {
				throw new OutOfMemoryError("Java heap space");
			}

		};
		ProbeRunner runner = new ProbeRunner(executor, () -> Duration.ofMillis(500), () -> Duration.ofSeconds(1),
				Clock.systemUTC());
		assertThatThrownBy(() -> runner.probe("redis", ProbeResult::up, (name, outcome) -> {
		}, (name) -> true)).isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
	}

}
