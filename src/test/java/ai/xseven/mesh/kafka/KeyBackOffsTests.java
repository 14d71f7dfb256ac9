package ai.xseven.mesh.kafka;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyBackOffsTests {

	private final KeyBackOffs backOffs = new KeyBackOffs(() -> Duration.ofMinutes(1));

	@Test
	void aKeyWhoseEventFailedWaitsAndTheOthersDoNot() {
		this.backOffs.failed(OutboxEvent.of("1", "orders", "a", "{}"));
		this.backOffs.failed(OutboxEvent.of("2", "orders", null, "{}"));
		assertThat(this.backOffs.waitingKeys()).containsExactlyInAnyOrder("orders/a", "orders");
		this.backOffs.succeeded(OutboxEvent.of("3", "orders", "a", "{}"));
		assertThat(this.backOffs.waitingKeys()).containsExactly("orders");
	}

	@Test
	void keysAreNamedApartFromTopicsWithoutAKey() {
		assertThat(KeyBackOffs.keyOf(OutboxEvent.of("1", "orders", "", "{}"))).isEqualTo("orders/");
		assertThat(KeyBackOffs.keyOf(OutboxEvent.of("1", "orders", null, "{}"))).isEqualTo("orders");
	}

}
