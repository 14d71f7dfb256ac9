package ai.xseven.mesh.config;

/**
 * Brings the database's tables up to date, those of the stored configuration among them: the
 * {@code database} service's migration, which the stored configuration must wait for.
 */
@FunctionalInterface
public interface SchemaMigration {

	void migrate();

}
