package ai.xseven.mesh.support;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a test host at the embedded backends.
 */
public final class MeshTestProperties {

	public static final String ADMIN_TOKEN = "test-admin-token-5f2c";

	private MeshTestProperties() {
	}

	public static void database(DynamicPropertyRegistry registry, int port) {
		registry.add("database.host", () -> "localhost");
		registry.add("database.port", () -> port);
		registry.add("database.name", () -> EmbeddedBackends.DATABASE);
	}

	public static void redis(DynamicPropertyRegistry registry, int port) {
		registry.add("redis.host", () -> "localhost");
		registry.add("redis.port", () -> port);
	}

	public static void kafka(DynamicPropertyRegistry registry, String bootstrapServers) {
		registry.add("kafka.bootstrap-servers", () -> bootstrapServers);
	}

	public static void temporal(DynamicPropertyRegistry registry, int port) {
		registry.add("temporal.host", () -> "localhost");
		registry.add("temporal.port", () -> port);
	}

	public static void providers(DynamicPropertyRegistry registry, String baseUrl) {
		registry.add("dspy.base-url", () -> baseUrl);
		registry.add("dspy.api-key", () -> ProviderStubs.API_KEY);
		ProviderStubs.voiceProperties(baseUrl).forEach((key, value) -> registry.add(key, () -> value));
	}

	/**
	 * Every embedded backend, the stub providers, quick health rounds and a known admin token.
	 * @param registry the test's properties
	 */
	public static void embedded(DynamicPropertyRegistry registry) {
		database(registry, EmbeddedBackends.postgresPort());
		redis(registry, EmbeddedBackends.redisPort());
		kafka(registry, EmbeddedBackends.kafkaBootstrapServers());
		temporal(registry, EmbeddedBackends.temporalPort());
		providers(registry, EmbeddedBackends.providersUrl());
		registry.add("admin.token", () -> ADMIN_TOKEN);
		registry.add("health.interval", () -> "500ms");
	}

}
