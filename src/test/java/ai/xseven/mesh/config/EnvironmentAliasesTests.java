package ai.xseven.mesh.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentAliasesTests {

	@Test
	void aliasesMapVariablesAboveTheConfigurationFile() {
		StandardEnvironment environment = new StandardEnvironment() {

			@Override
			public Map<String, Object> getSystemEnvironment() {
				return Map.of("USE_LEGACY_STARTUP", "true", "LOG_LEVEL", "DEBUG", "OPENAI_API_KEY", "sk-test");
			}

		};
		environment.getPropertySources()
			.addLast(new MapPropertySource("config/service_mesh.yml", Map.of("startup.legacy", "false")));
		new EnvironmentAliases().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("startup.legacy")).isEqualTo("true");
		assertThat(environment.getProperty("logging.level.ai.xseven.mesh")).isEqualTo("DEBUG");
		assertThat(environment.getProperty("dspy.api-key")).isEqualTo("sk-test");
		assertThat(environment.getProperty("voice.openai.api-key")).isEqualTo("sk-test");
	}

	@Test
	void nothingIsAddedWhenNoVariableIsSet() {
		StandardEnvironment environment = new StandardEnvironment() {

			@Override
			public Map<String, Object> getSystemEnvironment() {
				return Map.of();
			}

		};
		new EnvironmentAliases().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(EnvironmentAliases.PROPERTY_SOURCE_NAME)).isFalse();
	}

}
