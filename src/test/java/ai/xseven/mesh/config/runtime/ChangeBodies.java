package ai.xseven.mesh.config.runtime;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import org.springframework.boot.convert.DurationStyle;

/**
 * Generated bodies of {@code POST /admin/config} and what must become of each: a catalog of
 * settings with values that are valid or at fault, and the fields a change of them must be
 * refused for (with placeholders, only what is screened before binding).
 */
public final class ChangeBodies {

	private ChangeBodies() {
	}

	// Each key with values that are valid (and differ from the default) or at fault, and why.
	/**
	 * Every key of the catalog with values valid (and different from the defaults) or at fault.
	 * @return one arbitrary entry per kind
	 */
	public static List<Arbitrary<Entry>> catalog() {
		return List.of(
				Arbitraries.integers().between(1, 65535).filter((port) -> port != 6379)
					.map((port) -> Entry.valid("redis.port", String.valueOf(port), port)),
				Arbitraries.of("0", "70000", "abc").map((port) -> Entry.invalid("redis.port", port)),
				Arbitraries.integers().between(10, 60_000).filter((ms) -> ms != 2000)
					.map((ms) -> Entry.valid("redis.timeout", ms + "ms", Duration.ofMillis(ms))),
				Arbitraries.of("0s", "2m", "soon").map((timeout) -> Entry.invalid("redis.timeout", timeout)),
				Arbitraries.of("1s", "3s", "30s", "1h").map((interval) -> Entry.health("health.interval", interval)),
				Arbitraries.of("0s", "2h").map((interval) -> Entry.health("health.interval", interval)),
				Arbitraries.of("100ms", "1500ms", "3s", "20s").map((timeout) -> Entry.health("health.timeout", timeout)),
				Arbitraries.of("0s", "10m").map((timeout) -> Entry.health("health.timeout", timeout)),
				Arbitraries.strings().alpha().numeric().withChars('-', '.').ofMinLength(1).ofMaxLength(20)
					.filter((model) -> !model.equals("gpt-4o-mini"))
					.map((model) -> Entry.valid("dspy.model", model, model)),
				Arbitraries.of("${database.password}", "x${HOME}", "{cipher}abc").map((model) -> Entry.invalid("dspy.model", model)),
				Arbitraries.strings().alpha().ofMinLength(4).ofMaxLength(12)
					.map((key) -> Entry.valid("dspy.api-key", "sk-" + key, "sk-" + key)),
				Arbitraries.just(Entry.invalid("redis.nope", "1")),
				// Relaxed spellings of a secret's name: refused, so that none slips past as a non-secret.
				Arbitraries.of("dspy.apiKey", "dspy.api_key", "redis.PASSWORD").map((key) -> Entry.invalid(key, "sk-x")),
				Arbitraries.just(Entry.invalid("admin.token", "x")),
				// Changes at once, with no reconnect.
				Arbitraries.just(Entry.valid("redis.required", "true", true)),
				// Read only at start: refused without ?restart=true.
				Arbitraries.just(Entry.invalid("startup.legacy", "true")),
				Arbitraries.just(new Entry("bogus.x", "1", false, "bogus", null)),
				Arbitraries.integers().between(1, 1000).filter((calls) -> calls != 10)
					.map((calls) -> Entry.valid("circuit-breakers.redis.minimum-number-of-calls", String.valueOf(calls),
							calls)),
				Arbitraries.of("0", "5000").map((calls) -> Entry.invalid("circuit-breakers.redis.minimum-number-of-calls",
						calls)),
				Arbitraries.of("FORCED_OPEN", "DISABLED").map((state) -> Entry.valid("circuit-breakers.kafka.state", state,
						state)),
				Arbitraries.just(Entry.invalid("circuit-breakers.kafka.state", "HALF_SHUT")),
				Arbitraries.just(Entry.invalid("circuit-breakers.redis.wat", "1")),
				Arbitraries.of("redis.host", "dspy.model", "health.timeout").map(Entry::removal));
	}

	// Placeholders and names a binder does not take are refused before binding: then only what
	// the screen finds is reported.
	/**
	 * The fields a change of these entries must be refused for.
	 * @param body the entries
	 * @param interval the health interval in force
	 * @param timeout the health timeout in force
	 * @return the fields, empty when it must succeed
	 */
	public static Set<String> expectedErrors(List<Entry> body, Duration interval, Duration timeout) {
		boolean placeholder = body.stream().anyMatch((entry) -> (entry.value() != null && entry.value().contains("${"))
				|| !entry.key().matches("[a-z0-9.-]+"));
		Set<String> fields = new LinkedHashSet<>();
		for (Entry entry : body) {
			if (entry.valid()) {
				continue;
			}
			boolean screened = !entry.key().matches("[a-z0-9.-]+") || entry.key().startsWith("admin.")
					|| entry.key().startsWith("bogus.") || entry.value().contains("${")
					|| entry.value().startsWith("{cipher}");
			if (!placeholder || screened) {
				fields.add(entry.field());
			}
		}
		if (!placeholder && !fields.contains("health.timeout")) {
			Duration newInterval = healthValue(body, "health.interval", interval);
			Duration newTimeout = healthValue(body, "health.timeout", timeout);
			if (newTimeout.compareTo(newInterval) >= 0) {
				fields.add("health.timeout");
			}
		}
		return fields;
	}

	private static Duration healthValue(List<Entry> body, String key, Duration fallback) {
		return body.stream()
			.filter((entry) -> entry.key().equals(key) && entry.value() != null)
			.map((entry) -> DurationStyle.detectAndParse(entry.value()))
			.findFirst()
			.orElse(fallback);
	}

	/**
	 * One setting of a generated body.
	 *
	 * @param key its name
	 * @param value its value, {@code null} for a removal
	 * @param valid whether it is valid on its own
	 * @param field the field an error about it names
	 * @param expectedInForce its value in force after a successful change
	 */
	public record Entry(String key, String value, boolean valid, String field, Object expectedInForce) {

		public static Entry valid(String key, String value, Object inForce) {
			return new Entry(key, value, true, key, inForce);
		}

		public static Entry invalid(String key, String value) {
			return new Entry(key, value, false, key, null);
		}

		public static Entry health(String key, String value) {
			Duration duration = DurationStyle.detectAndParse(value);
			boolean inRange = key.equals("health.interval")
					? duration.compareTo(Duration.ofMillis(100)) >= 0 && duration.compareTo(Duration.ofHours(1)) <= 0
					: duration.compareTo(Duration.ofMillis(50)) >= 0 && duration.compareTo(Duration.ofMinutes(5)) <= 0;
			return new Entry(key, value, inRange, key, duration);
		}

		public static Entry removal(String key) {
			Object inForce = switch (key) {
				case "redis.host" -> "localhost";
				case "dspy.model" -> "gpt-4o-mini";
				default -> Duration.ofSeconds(2);
			};
			return new Entry(key, null, true, key, inForce);
		}

	}

}
