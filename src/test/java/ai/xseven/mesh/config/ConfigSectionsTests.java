package ai.xseven.mesh.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.resilience.CircuitBreakersSettings;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The breakers' section, a map of named entries, goes through the same binding, validation and
 * flattening as the sections that are beans.
 */
class ConfigSectionsTests {

	private static final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	@Test
	void aStartWithBreakerSettingsOutOfRangeFails() {
		CircuitBreakersSettings invalid = breakers(Map.of("circuit-breakers.redis.minimum-number-of-calls", "0"));
		assertThatIllegalStateException()
			.isThrownBy(() -> new ConfigSections(List.of(SectionHolder.of(invalid)), validator, List.of()))
			.withMessageContaining("circuit-breakers.redis.minimum-number-of-calls must be between 1 and 1000");
	}

	@Test
	void breakerEntriesAreBoundValidatedAndFlattenedLikeSettingsOfABean() {
		ConfigSections sections = new ConfigSections(List.of(SectionHolder.of(breakers(Map.of()))), validator, List.of());
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(new MapPropertySource("change", Map.of("circuit-breakers.redis.sliding-window-size", "5000",
				"circuit-breakers.redis.wat", "1", "circuit-breakers.kafka.wait-duration-in-open-state", "soon",
				"circuit-breakers.defaults.minimum-number-of-calls", "7")));
		ConfigSections.Snapshot snapshot = sections.bind(sources, Set.of("circuit-breakers.redis.sliding-window-size",
				"circuit-breakers.redis.wat", "circuit-breakers.kafka.wait-duration-in-open-state",
				"circuit-breakers.defaults.minimum-number-of-calls"));
		assertThat(snapshot.errors()).extracting(ConfigError::field)
			.containsExactly("circuit-breakers.kafka.wait-duration-in-open-state",
					"circuit-breakers.redis.sliding-window-size", "circuit-breakers.redis.wat");
		assertThat(SectionPaths.flatten("circuit-breakers", snapshot.sections().get("circuit-breakers")))
			.containsEntry("circuit-breakers.defaults.minimum-number-of-calls", 7)
			.containsEntry("circuit-breakers.redis.sliding-window-size", 5000);
		assertThat(sections.inForce().get("circuit-breakers")).isEqualTo(Map.of());
	}

	private static CircuitBreakersSettings breakers(Map<String, String> values) {
		return CircuitBreakersSettings.bind(new Binder(new MapConfigurationPropertySource(values)));
	}

}
