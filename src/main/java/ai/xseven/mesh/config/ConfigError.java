package ai.xseven.mesh.config;

/**
 * One invalid setting.
 *
 * @param field the property, e.g. {@code redis.port}
 * @param message what is wrong with it
 */
public record ConfigError(String field, String message) {
}
