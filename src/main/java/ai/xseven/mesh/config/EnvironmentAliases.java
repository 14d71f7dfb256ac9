package ai.xseven.mesh.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Maps the environment variables whose names are not their properties' names (relaxed binding
 * maps the others by itself). The aliases sit right below the environment variables, so they
 * keep the variables' precedence: above {@code config/service_mesh.yml} and the built-in defaults.
 */
class EnvironmentAliases implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "meshEnvironmentAliases";

	static final Map<String, List<String>> ALIASES = Map.of(
			"USE_LEGACY_STARTUP", List.of("startup.legacy"),
			"LOG_LEVEL", List.of("logging.level.ai.xseven.mesh"),
			"OPENAI_API_KEY", List.of("dspy.api-key", "voice.openai.api-key"),
			"ELEVENLABS_API_KEY", List.of("voice.elevenlabs.api-key"));

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> properties = new LinkedHashMap<>();
		Map<String, Object> variables = environment.getSystemEnvironment();
		ALIASES.forEach((variable, targets) -> {
			Object value = variables.get(variable);
			if (value != null) {
				targets.forEach((property) -> properties.put(property, value));
			}
		});
		if (properties.isEmpty()) {
			return;
		}
		MapPropertySource aliases = new MapPropertySource(PROPERTY_SOURCE_NAME, properties);
		if (environment.getPropertySources().contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources()
				.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, aliases);
		}
		else {
			environment.getPropertySources().addLast(aliases);
		}
	}

}
