package ai.xseven.mesh.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ProbeResult;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ClientRebuildsTests {

	private static final String LINE = "Check of 'redis' still running after its timeout: its client was asked to rebuild";

	private final AtomicInteger rebuilt = new AtomicInteger();

	private final HealthCheck check = new HealthCheck() {

		@Override
		public ProbeResult check() {
			return ProbeResult.up();
		}

		@Override
		public void rebuildClient() {
			ClientRebuildsTests.this.rebuilt.incrementAndGet();
		}

	};

	@Test
	void aLongOutageLogsItsFirstRebuildAndThenEveryPowerOfTwoUntilTheServiceAnswers(CapturedOutput output) {
		ClientRebuilds rebuilds = new ClientRebuilds(Runnable::run);
		for (int i = 0; i < 8; i++) {
			rebuildAndEnd(rebuilds);
		}
		assertThat(this.rebuilt).hasValue(8);
		assertThat(lines(output)).as("rebuilds 1, 2, 4 and 8").isEqualTo(4);
		assertThat(output.getOut()).contains("(rebuild 8 since it last answered in time)");

		rebuilds.answered("redis");
		rebuildAndEnd(rebuilds);
		assertThat(lines(output)).as("the first rebuild after an answer").isEqualTo(5);
	}

	@Test
	void abandonedCallsAreCountedUntilTheyEnd() {
		ClientRebuilds rebuilds = new ClientRebuilds(Runnable::run);
		CheckTurn first = stuckTurn();
		CheckTurn second = stuckTurn();
		AtomicInteger released = new AtomicInteger();
		assertThat(rebuilds.start("redis", this.check, first, released::incrementAndGet)).isTrue();
		assertThat(rebuilds.start("redis", this.check, second, released::incrementAndGet)).isTrue();
		assertThat(released).hasValue(2);
		assertThat(rebuilds.mayAbandon("redis")).isFalse();
		assertThat(rebuilds.ended("redis", first)).as("freed already, by the rebuild").isFalse();
		assertThat(rebuilds.mayAbandon("redis")).isTrue();
	}

	@Test
	void aTurnWhoseCallEndedIsNeverRebuilt() {
		CheckTurn turn = new CheckTurn(Instant.EPOCH);
		turn.take();
		turn.timedOut();
		ClientRebuilds rebuilds = new ClientRebuilds(Runnable::run);
		assertThat(rebuilds.ended("redis", turn)).as("the call's end frees its service").isTrue();
		assertThat(turn.startRebuild(Instant.EPOCH.plusSeconds(10), Duration.ofSeconds(10))).isFalse();
	}

	@Test
	void aCallEndingWhileItsClientIsRebuiltLeavesTheServiceToTheRebuild() {
		List<Runnable> queued = new ArrayList<>();
		ClientRebuilds rebuilds = new ClientRebuilds(queued::add);
		CheckTurn turn = stuckTurn();
		AtomicInteger released = new AtomicInteger();
		assertThat(rebuilds.start("redis", this.check, turn, released::incrementAndGet)).isTrue();
		// The stuck call ends on its own while the rebuild runs: no next check may start before the
		// rebuild is done, or the rebuild would close the client under it.
		assertThat(rebuilds.ended("redis", turn)).isFalse();
		assertThat(released).hasValue(0);
		queued.forEach(Runnable::run);
		assertThat(released).hasValue(1);
		assertThat(this.rebuilt).hasValue(1);
		assertThat(rebuilds.mayAbandon("redis")).as("the call was not abandoned").isTrue();
	}

	@Test
	void aRebuildNoThreadCanBeStartedForIsRefusedAndAskedForAgainAtTheNextRound() {
		ClientRebuilds rebuilds = new ClientRebuilds(ProbeRunnerTests.failingStarts(new AtomicBoolean(true),
				"unable to create native thread: possibly out of memory"));
		CheckTurn turn = stuckTurn();
		assertThat(rebuilds.start("redis", this.check, turn, () -> {
		})).isFalse();
		assertThat(this.rebuilt).hasValue(0);
		assertThat(turn.startRebuild(Instant.EPOCH.plusSeconds(20), Duration.ofSeconds(10)))
			.as("the next round may rebuild it").isTrue();
	}

	private void rebuildAndEnd(ClientRebuilds rebuilds) {
		CheckTurn turn = stuckTurn();
		rebuilds.start("redis", this.check, turn, () -> {
		});
		rebuilds.ended("redis", turn);
	}

	// A turn as ProbeRunner hands it over: taken by its call, timed out, its rebuild started.
	private static CheckTurn stuckTurn() {
		CheckTurn turn = new CheckTurn(Instant.EPOCH);
		turn.take();
		turn.timedOut();
		assertThat(turn.startRebuild(Instant.EPOCH.plusSeconds(10), Duration.ofSeconds(10))).isTrue();
		return turn;
	}

	private static int lines(CapturedOutput output) {
		return output.getOut().split(LINE, -1).length - 1;
	}

}
