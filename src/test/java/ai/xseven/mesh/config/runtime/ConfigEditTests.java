package ai.xseven.mesh.config.runtime;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigEditTests {

	@Test
	void anAmendmentSetsAndRemovesItsKeysAndKeepsTheOthersOfTheLatestVersion() {
		Map<String, Object> changes = new HashMap<>();
		changes.put("redis.host", "cache-2");
		changes.put("dspy.model", null);
		Map<String, Object> latest = Map.of("dspy.model", "m", "health.timeout", "1s");
		assertThat(ConfigEdit.amend(changes).applyTo(latest))
			.containsExactlyInAnyOrderEntriesOf(Map.of("health.timeout", "1s", "redis.host", "cache-2"));
	}

	@Test
	void aReplacementIgnoresTheLatestVersion() {
		assertThat(ConfigEdit.replaceWith(Map.of("redis.port", "6380")).applyTo(Map.of("dspy.model", "m")))
			.containsExactlyEntriesOf(Map.of("redis.port", "6380"));
		assertThat(ConfigEdit.replaceWith(Map.of()).applyTo(Map.of("dspy.model", "m"))).isEmpty();
	}

}
