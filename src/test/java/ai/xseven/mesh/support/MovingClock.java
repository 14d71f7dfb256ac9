package ai.xseven.mesh.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves, from 2026-12-01T12:00:00Z.
 */
public final class MovingClock extends Clock {

	private volatile Instant now = Instant.parse("2026-12-01T12:00:00Z");

	public void advance(Duration by) {
		this.now = this.now.plus(by);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
