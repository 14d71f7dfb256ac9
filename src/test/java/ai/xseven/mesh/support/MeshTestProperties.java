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

	/**
	 * Both embedded backends, quick health rounds and a known admin token.
	 * @param registry the test's properties
	 */
	public static void embedded(DynamicPropertyRegistry registry) {
		database(registry, EmbeddedBackends.postgresPort());
		redis(registry, EmbeddedBackends.redisPort());
		registry.add("admin.token", () -> ADMIN_TOKEN);
		registry.add("health.interval", () -> "500ms");
	}

}
