package ai.xseven.mesh.config;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ai.xseven.mesh.database.DatabaseProperties;
import ai.xseven.mesh.dspy.DspyProperties;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.kafka.KafkaProperties;
import ai.xseven.mesh.redis.RedisProperties;
import ai.xseven.mesh.startup.StartupProperties;
import ai.xseven.mesh.temporal.TemporalProperties;
import ai.xseven.mesh.voice.VoiceProperties;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code config/service_mesh.yml.example} true: every key it sets exists, and every value
 * it shows is the built-in default.
 */
class ConfigExampleTests {

	static List<Object[]> sections() {
		return List.of(new Object[] { "database", DatabaseProperties.class },
				new Object[] { "redis", RedisProperties.class }, new Object[] { "health", HealthProperties.class },
				new Object[] { "startup", StartupProperties.class }, new Object[] { "kafka", KafkaProperties.class },
				new Object[] { "temporal", TemporalProperties.class }, new Object[] { "dspy", DspyProperties.class },
				new Object[] { "voice", VoiceProperties.class });
	}

	@ParameterizedTest
	@MethodSource("sections")
	void exampleShowsTheDefaultsOfEverySection(String prefix, Class<?> type) throws Exception {
		Object bound = binder().bind(prefix, Bindable.of(type),
				new NoUnboundElementsBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler()))
			.get();
		assertThat(bound).usingRecursiveComparison().isEqualTo(type.getDeclaredConstructor().newInstance());
	}

	private static Binder binder() throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("example",
				new FileSystemResource("config/service_mesh.yml.example"));
		return new Binder(ConfigurationPropertySources.from(sources));
	}

}
