package ai.xseven.mesh.startup;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownDeadlineTests {

	@Test
	void armedDeadlineHaltsOnceItPassesOnADaemonThread() throws InterruptedException {
		CountDownLatch halted = new CountDownLatch(1);
		ShutdownDeadline deadline = new ShutdownDeadline(Duration.ofMillis(500), halted::countDown);
		Thread watchdog = deadline.arm();
		assertThat(watchdog.isDaemon()).isTrue();
		assertThat(halted.getCount()).as("not before the deadline").isEqualTo(1);
		assertThat(halted.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void whatIsLeftIsKnownOnceTheJvmBeginsToExit() {
		ShutdownDeadline deadline = new ShutdownDeadline(Duration.ofSeconds(30), () -> {
		});
		assertThat(deadline.remaining()).isEmpty();
		Thread watchdog = deadline.arm();
		try {
			assertThat(deadline.remaining()).hasValueSatisfying((left) -> assertThat(left)
				.isGreaterThan(Duration.ofSeconds(25))
				.isLessThanOrEqualTo(Duration.ofSeconds(30)));
		}
		finally {
			watchdog.interrupt();
		}
	}

}
