package ai.xseven.mesh.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

	@Test
	void secondsDatesAndMillisecondsAreRead() {
		assertThat(RetryAfter.parse(List.of(), List.of("7"), this.clock)).isEqualTo(Duration.ofSeconds(7));
		assertThat(RetryAfter.parse(List.of(), List.of("Fri, 27 Nov 2026 10:00:30 GMT"), this.clock))
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(RetryAfter.parse(List.of("1500"), List.of("7"), this.clock)).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void missingOrUnreadableValuesGiveNothing() {
		assertThat(RetryAfter.parse(List.of(), List.of(), this.clock)).isNull();
		assertThat(RetryAfter.parse(null, List.of("soon"), this.clock)).isNull();
	}

}
