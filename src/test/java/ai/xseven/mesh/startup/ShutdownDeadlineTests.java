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
		ShutdownDeadline deadline = new ShutdownDeadline(Duration.ofMillis(200), halted::countDown);
		Thread watchdog = deadline.arm();
		assertThat(watchdog.isDaemon()).isTrue();
		assertThat(halted.getCount()).as("not before the deadline").isEqualTo(1);
		assertThat(halted.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aDeadlineThatIsNotArmedNeverHalts() throws InterruptedException {
		CountDownLatch halted = new CountDownLatch(1);
		new ShutdownDeadline(Duration.ofMillis(50), halted::countDown);
		assertThat(halted.await(300, TimeUnit.MILLISECONDS)).isFalse();
	}

}
