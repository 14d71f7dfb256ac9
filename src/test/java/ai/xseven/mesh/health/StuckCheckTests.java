package ai.xseven.mesh.health;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ProbeResult;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checks that hang: what their timeout costs, and the rebuild of a client still stuck at the
 * next round.
 */
class StuckCheckTests {

	private final CheckerFixture fixture = new CheckerFixture();

	private final ServiceRegistry registry = this.fixture.registry;

	private final HealthChecker checker = this.fixture.checker;

	private final CountDownLatch thaw = new CountDownLatch(1);

	@AfterEach
	void thaw() {
		this.thaw.countDown();
	}

	@Test
	void hangingCheckCostsItsTimeoutAndBlocksNeitherOtherChecksNorReads() {
		AtomicInteger frozenCalls = new AtomicInteger();
		running("frozen", false, () -> {
			frozenCalls.incrementAndGet();
			awaitIgnoringInterrupts(this.thaw);
			return ProbeResult.up();
		});
		running("database", true, ProbeResult::up);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.checker.getServiceHealth("database").orElseThrow().status() == ServiceStatus.UP);
		SystemHealth whileHanging = this.checker.getSystemHealth();
		assertThat(whileHanging.services().get("frozen").status()).isEqualTo(ServiceStatus.UNKNOWN);

		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.checker.getServiceHealth("frozen").orElseThrow().status() == ServiceStatus.DOWN);
		ServiceHealth frozen = this.checker.getServiceHealth("frozen").orElseThrow();
		assertThat(frozen.error()).isEqualTo("timed out after 200 ms");
		assertThat(frozen.latencyMs()).isGreaterThanOrEqualTo(200.0);
		assertThat(this.checker.getSystemHealth().status()).isEqualTo(SystemStatus.DEGRADED);

		this.checker.checkAll();
		assertThat(frozenCalls).as("no second check while the first is stuck").hasValue(1);
		assertThat(this.checker.getServiceHealth("frozen").orElseThrow().error())
			.startsWith("previous check still running after its timeout of 200 ms");
	}

	@Test
	void aCheckStillStuckAtTheNextRoundHasItsClientRebuiltAndTheNextRoundChecksOnTheNewOne() {
		// A client wedged until it is closed, like a connection to a peer that froze and came back.
		AtomicInteger rebuilds = new AtomicInteger();
		AtomicBoolean wedged = new AtomicBoolean(true);
		CountDownLatch closed = new CountDownLatch(1);
		running("wedged", false, new HealthCheck() {

			@Override
			public ProbeResult check() {
				if (wedged.get()) {
					awaitIgnoringInterrupts(closed);
					throw new IllegalStateException("connection closed");
				}
				return ProbeResult.up();
			}

			@Override
			public void rebuildClient() {
				rebuilds.incrementAndGet();
				wedged.set(false);
				closed.countDown();
			}

		});
		awaitError("wedged", "timed out after 200 ms");
		assertThat(rebuilds).as("no rebuild on the round that timed out").hasValue(0);

		// Rounds come until the check has been stuck for an interval: then its client is rebuilt.
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			this.checker.checkAll();
			return ("previous check still running after its timeout of 200 ms; rebuilding its client")
				.equals(this.checker.getServiceHealth("wedged").orElseThrow().error());
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> rebuilds.get() == 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			this.checker.checkAll();
			return this.checker.getServiceHealth("wedged").orElseThrow().status() == ServiceStatus.UP;
		});
		assertThat(rebuilds).as("one rebuild for one stuck check").hasValue(1);
	}

	@Test
	void aClientThatNeverLetsGoCostsAtMostTheAbandonedCallsAndTheOneInFlight() {
		AtomicInteger calls = new AtomicInteger();
		AtomicInteger rebuilds = new AtomicInteger();
		running("frozen", false, new HealthCheck() {

			@Override
			public ProbeResult check() {
				calls.incrementAndGet();
				awaitIgnoringInterrupts(StuckCheckTests.this.thaw);
				return ProbeResult.up();
			}

			@Override
			public void rebuildClient() {
				rebuilds.incrementAndGet();
			}

		});
		String refused = "previous check still running after its timeout of 200 ms";
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.checker.checkAll();
			return refused.equals(this.checker.getServiceHealth("frozen").orElseThrow().error())
					&& calls.get() == 1 + ClientRebuilds.MAX_ABANDONED;
		});
		for (int round = 0; round < 5; round++) {
			this.checker.checkAll();
			assertThat(this.checker.getServiceHealth("frozen").orElseThrow().error()).isEqualTo(refused);
		}
		assertThat(calls).as("one stuck call in flight beside the abandoned ones").hasValue(1 + ClientRebuilds.MAX_ABANDONED);
		assertThat(rebuilds).hasValue(ClientRebuilds.MAX_ABANDONED);
	}

	@Test
	void aCheckInFlightThatHasNotTimedOutIsNeverRebuilt() {
		AtomicInteger rebuilds = new AtomicInteger();
		CountDownLatch answer = new CountDownLatch(1);
		CountDownLatch entered = new CountDownLatch(1);
		running("slow", false, new HealthCheck() {

			@Override
			public ProbeResult check() throws InterruptedException {
				entered.countDown();
				answer.await();
				return ProbeResult.up();
			}

			@Override
			public void rebuildClient() {
				rebuilds.incrementAndGet();
			}

		});
		// The service restarts while its first check is in flight: the next probe finds that check
		// running, well within its timeout, which is no reason to rebuild anything.
		awaitIgnoringInterrupts(entered);
		this.registry.transition("slow", ServiceState.STOPPED, null);
		this.registry.started("slow", Duration.ofMillis(1));
		this.checker.probe("slow");
		assertThat(this.checker.getServiceHealth("slow").orElseThrow().error())
			.isEqualTo("previous check still running");
		answer.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			this.checker.checkAll();
			return this.checker.getServiceHealth("slow").orElseThrow().status() == ServiceStatus.UP;
		});
		assertThat(rebuilds).hasValue(0);
	}

	private void awaitError(String name, String error) {
		await().atMost(Duration.ofSeconds(5))
			.until(() -> error.equals(this.checker.getServiceHealth(name).orElseThrow().error()));
	}

	// Like a read from a frozen socket, which an interrupt does not end either.
	private static void awaitIgnoringInterrupts(CountDownLatch latch) {
		while (true) {
			try {
				latch.await();
				return;
			}
			catch (InterruptedException ex) {
				// keep waiting
			}
		}
	}

	private void running(String name, boolean required, HealthCheck check) {
		this.fixture.running(name, required, check);
	}

}
