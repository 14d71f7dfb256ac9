package ai.xseven.mesh.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * The configuration changes made at runtime, as the property source of highest precedence.
 * Replaced whole, never edited in place.
 */
public class RuntimeOverrides {

	static final String PROPERTY_SOURCE_NAME = "meshRuntimeOverrides";

	private final ConfigurableEnvironment environment;

	public RuntimeOverrides(ConfigurableEnvironment environment) {
		this.environment = environment;
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of()));
	}

	/**
	 * The overrides in force, as flat property names.
	 * @return the overrides
	 */
	public Map<String, Object> current() {
		MapPropertySource source = (MapPropertySource) this.environment.getPropertySources().get(PROPERTY_SOURCE_NAME);
		return Collections.unmodifiableMap(new LinkedHashMap<>(source.getSource()));
	}

	/**
	 * Puts other overrides in force.
	 * @param overrides the new overrides
	 */
	public void replace(Map<String, Object> overrides) {
		this.environment.getPropertySources().replace(PROPERTY_SOURCE_NAME, source(overrides));
	}

	/**
	 * The environment's property sources with other overrides in force, for validating a change
	 * before it is applied.
	 * @param overrides the candidate overrides
	 * @return a copy of the property sources
	 */
	public MutablePropertySources candidate(Map<String, Object> overrides) {
		MutablePropertySources candidate = new MutablePropertySources(this.environment.getPropertySources());
		candidate.replace(PROPERTY_SOURCE_NAME, source(overrides));
		return candidate;
	}

	public MutablePropertySources live() {
		return this.environment.getPropertySources();
	}

	private static MapPropertySource source(Map<String, Object> overrides) {
		return new MapPropertySource(PROPERTY_SOURCE_NAME, Map.copyOf(overrides));
	}

}
