package ai.xseven.mesh.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads the wait a provider asks for in {@code Retry-After} (seconds or an HTTP date) or in
 * OpenAI's {@code retry-after-ms}.
 */
public final class RetryAfter {

	private RetryAfter() {
	}

	/**
	 * The wait the headers ask for.
	 * @param retryAfterMs the values of {@code retry-after-ms}
	 * @param retryAfter the values of {@code Retry-After}
	 * @param clock the clock an HTTP date is compared with
	 * @return the wait, or {@code null} when none is given or it cannot be read
	 */
	public static Duration parse(List<String> retryAfterMs, List<String> retryAfter, Clock clock) {
		try {
			if (retryAfterMs != null && !retryAfterMs.isEmpty()) {
				return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(retryAfterMs.get(0).trim())));
			}
			if (retryAfter != null && !retryAfter.isEmpty()) {
				String value = retryAfter.get(0).trim();
				if (value.chars().allMatch(Character::isDigit)) {
					return Duration.ofSeconds(Long.parseLong(value));
				}
				ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration wait = Duration.between(clock.instant(), at.toInstant());
				return wait.isNegative() ? Duration.ZERO : wait;
			}
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			return null;
		}
		return null;
	}

}
