package ai.xseven.mesh.database;

import java.sql.Connection;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.flywaydb.core.Flyway;

import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.ProbeResult;

/**
 * The {@code database} service: brings the schema up to date with Flyway when it starts, and
 * checks that the server hands out a valid connection.
 */
public class DatabaseService implements ManagedService, HealthCheck {

	private final HikariDataSource dataSource;

	private final int validationTimeoutSeconds;

	public DatabaseService(HikariDataSource dataSource, int validationTimeoutSeconds) {
		this.dataSource = dataSource;
		this.validationTimeoutSeconds = validationTimeoutSeconds;
	}

	@Override
	public void start() {
		Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration").load().migrate();
	}

	/**
	 * Closes the pooled connections; the pool opens new ones on the next start.
	 */
	@Override
	public void stop() {
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		if (pool != null) {
			pool.softEvictConnections();
		}
	}

	@Override
	public ProbeResult check() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			if (!connection.isValid(this.validationTimeoutSeconds)) {
				return ProbeResult.down("connection is not valid");
			}
			HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
			return ProbeResult.up(Map.of("database", connection.getMetaData().getDatabaseProductName() + " "
					+ connection.getMetaData().getDatabaseProductVersion(), "activeConnections",
					(pool != null) ? pool.getActiveConnections() : 0));
		}
	}

}
