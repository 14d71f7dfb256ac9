package ai.xseven.mesh.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a test host at the embedded backends.
 */
public final class MeshTestProperties {

	public static final String ADMIN_TOKEN = "test-admin-token-5f2c";

	public static final String ENCRYPT_KEY = "test-encrypt-key-9d41a7";

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

	/**
	 * The settings that point a host at every embedded backend and the stub providers, with a
	 * known admin token.
	 * @return the settings
	 */
	public static Map<String, Object> embeddedProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("database.host", "localhost");
		properties.put("database.port", EmbeddedBackends.postgresPort());
		properties.put("database.name", EmbeddedBackends.DATABASE);
		properties.put("redis.host", "localhost");
		properties.put("redis.port", EmbeddedBackends.redisPort());
		properties.put("kafka.bootstrap-servers", EmbeddedBackends.kafkaBootstrapServers());
		properties.put("temporal.host", "localhost");
		properties.put("temporal.port", EmbeddedBackends.temporalPort());
		properties.put("dspy.base-url", EmbeddedBackends.providersUrl());
		properties.put("dspy.api-key", ProviderStubs.API_KEY);
		properties.putAll(ProviderStubs.voiceProperties(EmbeddedBackends.providersUrl()));
		properties.put("admin.token", ADMIN_TOKEN);
		// Runtime changes of secrets are stored encrypted with it.
		properties.put("encrypt.key", ENCRYPT_KEY);
		// The test JVM owns its exit: no host of it may halt it.
		properties.put("startup.shutdown-deadline", "0s");
		return properties;
	}

	/**
	 * Every embedded backend, the stub providers, quick health rounds and a known admin token.
	 * @param registry the test's properties
	 */
	public static void embedded(DynamicPropertyRegistry registry) {
		embeddedProperties().forEach((key, value) -> registry.add(key, () -> value));
		registry.add("health.interval", () -> "1s");
		registry.add("health.timeout", () -> "800ms");
	}

}
