package ai.xseven.mesh.config;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySourcesPropertyResolver;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigServerLayerTests {

	private static final String FETCHED = "configserver:http://localhost:8888/xseven-mesh.yml";

	@Test
	void putWhenTheFleetsValuesDifferFromTheFetchedShouldHideTheFetchedOwnSettingsOnly() {
		MutablePropertySources sources = sources(Map.of("health.timeout", "1700ms", "redis.port", "6380",
				"logging.level.root", "WARN"));
		ConfigServerLayer layer = new ConfigServerLayer(Set.of("health", "redis"), true, sources);
		assertThat(layer.inForce()).containsOnly(Map.entry("health.timeout", "1700ms"), Map.entry("redis.port", "6380"));

		layer.putInForce(sources, Map.of("health.timeout", "1300ms"));

		PropertySourcesPropertyResolver resolver = new PropertySourcesPropertyResolver(sources);
		assertThat(resolver.getProperty("health.timeout")).isEqualTo("1300ms");
		// Not among the fleet's values any more: hidden, not taken from this host's own fetch.
		assertThat(resolver.getProperty("redis.port")).isEqualTo("6379");
		assertThat(resolver.getProperty("logging.level.root")).isEqualTo("WARN");
		assertThat(layer.inForce()).containsOnly(Map.entry("health.timeout", "1300ms"));
		assertThat(layer.fetched(sources)).containsEntry("health.timeout", "1700ms").containsEntry("redis.port", "6380");
		assertThat(sources.stream().map(PropertySource::getName))
			.containsExactly("systemEnvironment", ConfigServerLayer.FLEET_SOURCE, FETCHED, "application.yml");
	}

	@Test
	void putWhenTheClientFetchedAgainShouldHideTheNewFetchToo() {
		MutablePropertySources sources = sources(Map.of("health.timeout", "1700ms"));
		ConfigServerLayer layer = new ConfigServerLayer(Set.of("health"), true, sources);
		layer.putInForce(sources, Map.of("health.timeout", "1300ms"));
		// A refresh replaces the config client's property source by a fresh one of the same name.
		sources.replace(FETCHED, new MapPropertySource(FETCHED, Map.of("health.timeout", "900ms")));
		assertThat(layer.fetched(sources)).containsOnly(Map.entry("health.timeout", "900ms"));

		layer.putInForce(sources, layer.inForce());

		assertThat(new PropertySourcesPropertyResolver(sources).getProperty("health.timeout")).isEqualTo("1300ms");
		assertThat(sources.stream().filter((source) -> source.getName().equals(ConfigServerLayer.FLEET_SOURCE)))
			.hasSize(1);
	}

	@Test
	void secretsWhenTheFleetHasNoKeyShouldStayEachHostsOwn() {
		MutablePropertySources sources = sources(Map.of("redis.password", "from-this-fetch", "redis.port", "6380",
				"dspy.apiKey", "sk-relaxed"));
		ConfigServerLayer layer = new ConfigServerLayer(Set.of("redis", "dspy"), false, sources);
		// Whatever the spelling: a secret never goes into a stored version in clear.
		assertThat(layer.inForce()).containsOnlyKeys("redis.port");

		layer.putInForce(sources, Map.of("redis.port", "6381"));

		PropertySourcesPropertyResolver resolver = new PropertySourcesPropertyResolver(sources);
		assertThat(resolver.getProperty("redis.password")).isEqualTo("from-this-fetch");
		assertThat(resolver.getProperty("dspy.apiKey")).isEqualTo("sk-relaxed");
		assertThat(resolver.getProperty("redis.port")).isEqualTo("6381");
	}

	@Test
	void putWhenTheHostReadsNoConfigServerShouldAddTheFleetsValuesAboveTheDefaults() {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addLast(new MapPropertySource("application.yml", Map.of("health.timeout", "2s")));
		ConfigServerLayer layer = new ConfigServerLayer(Set.of("health"), true, sources);
		assertThat(layer.inForce()).isEmpty();
		layer.putInForce(sources, Map.of());
		assertThat(sources.contains(ConfigServerLayer.FLEET_SOURCE)).isFalse();

		layer.putInForce(sources, Map.of("health.timeout", "1300ms"));

		assertThat(new PropertySourcesPropertyResolver(sources).getProperty("health.timeout")).isEqualTo("1300ms");
	}

	private static MutablePropertySources sources(Map<String, Object> fetched) {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addLast(new MapPropertySource("systemEnvironment", Map.of()));
		sources.addLast(new MapPropertySource(FETCHED, fetched));
		sources.addLast(new MapPropertySource("application.yml", Map.of("health.timeout", "2s", "redis.port", "6379")));
		return sources;
	}

}
