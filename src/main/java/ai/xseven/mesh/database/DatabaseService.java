package ai.xseven.mesh.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariPoolMXBean;
import org.flywaydb.core.Flyway;

import ai.xseven.mesh.config.SchemaMigration;
import ai.xseven.mesh.config.SectionHolder;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.ProbeResult;

/**
 * The {@code database} service: opens the pool with the current settings (a new one when they
 * changed), brings the schema up to date with Flyway, and checks that the server hands out a
 * valid connection.
 */
public class DatabaseService implements ManagedService, HealthCheck, SchemaMigration {

	private final DatabasePool pool;

	private final DatabaseProperties properties;

	private final HealthProperties healthProperties;

	// The connection a check is using, for a rebuild to abort.
	private final AtomicReference<Connection> checking = new AtomicReference<>();

	// The pool settings whose schema is known to be up to date.
	private String migrated;

	public DatabaseService(DatabasePool pool, DatabaseProperties properties, HealthProperties healthProperties) {
		this.pool = pool;
		this.properties = properties;
		this.healthProperties = healthProperties;
	}

	@Override
	public void start() {
		migrate();
	}

	/**
	 * Brings the schema of the configured database up to date, unless that was done already since
	 * the service last stopped.
	 */
	@Override
	public synchronized void migrate() {
		// The settings that belong together, from one instance: a change swaps them meanwhile.
		this.pool.replaceWith(SectionHolder.inForce(this.properties));
		String target = this.pool.settings();
		if (!target.equals(this.migrated)) {
			Flyway.configure().dataSource(this.pool).locations("classpath:db/migration").load().migrate();
			this.migrated = target;
		}
	}

	/**
	 * Closes the pooled connections; the pool opens new ones on the next start.
	 */
	@Override
	public void stop() {
		synchronized (this) {
			this.migrated = null;
		}
		HikariPoolMXBean bean = this.pool.pool().getHikariPoolMXBean();
		if (bean != null) {
			bean.softEvictConnections();
		}
	}

	/**
	 * Aborts the connection a stuck check holds (its socket closes, so the call on it fails and
	 * the pool drops it), and has the pool replace its other connections as they come back.
	 */
	@Override
	public void rebuildClient() throws SQLException {
		Connection stuck = this.checking.get();
		if (stuck != null) {
			stuck.abort(Runnable::run);
		}
		HikariPoolMXBean bean = this.pool.pool().getHikariPoolMXBean();
		if (bean != null) {
			bean.softEvictConnections();
		}
	}

	@Override
	public ProbeResult check() throws Exception {
		Connection connection = this.pool.getConnection();
		this.checking.set(connection);
		try (connection) {
			int timeoutSeconds = (int) Math.max(1, this.healthProperties.getTimeout().toSeconds());
			if (!connection.isValid(timeoutSeconds)) {
				return ProbeResult.down("connection is not valid");
			}
			HikariPoolMXBean bean = this.pool.pool().getHikariPoolMXBean();
			return ProbeResult.up(Map.of("database", connection.getMetaData().getDatabaseProductName() + " "
					+ connection.getMetaData().getDatabaseProductVersion(), "activeConnections",
					(bean != null) ? bean.getActiveConnections() : 0));
		}
		finally {
			this.checking.compareAndSet(connection, null);
		}
	}

}
