package ai.xseven.mesh.health;

import java.time.Instant;
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
		assertThat(rebuilds.ended("redis", first)).isTrue();
		assertThat(rebuilds.mayAbandon("redis")).isTrue();
	}

	@Test
	void aCallThatEndedBeforeTheRebuildIsNotAbandoned() {
		ClientRebuilds rebuilds = new ClientRebuilds(Runnable::run);
		CheckTurn turn = stuckTurn();
		assertThat(rebuilds.ended("redis", turn)).isFalse();
		AtomicInteger released = new AtomicInteger();
		rebuilds.start("redis", this.check, turn, released::incrementAndGet);
		assertThat(released).as("nothing left to release").hasValue(0);
		assertThat(rebuilds.mayAbandon("redis")).isTrue();
	}

	private void rebuildAndEnd(ClientRebuilds rebuilds) {
		CheckTurn turn = stuckTurn();
		rebuilds.start("redis", this.check, turn, () -> {
		});
		rebuilds.ended("redis", turn);
	}

	private static CheckTurn stuckTurn() {
		CheckTurn turn = new CheckTurn(Instant.EPOCH);
		turn.take();
		turn.timedOut();
		return turn;
	}

	private static int lines(CapturedOutput output) {
		return output.getOut().split(LINE, -1).length - 1;
	}

}
