package ai.xseven.mesh.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;

import ai.xseven.mesh.config.DedicatedConnections;

import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.util.StringUtils;

/**
 * The host's one {@code DataSource}: a Hikari pool behind a stable bean, so that a change of the
 * database settings swaps the pool while everything that injected the {@code DataSource} keeps it.
 * The pool starts without connecting, so that the host starts while PostgreSQL is down.
 */
public class DatabasePool extends DelegatingDataSource implements DedicatedConnections, AutoCloseable {

	static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(5);

	private volatile HikariDataSource pool;

	private volatile String settings;

	DatabasePool(DatabaseProperties properties) {
		replaceWith(properties);
	}

	/**
	 * Opens a pool for these settings, unless the current one already has them, and closes the
	 * old one.
	 * @param properties the settings
	 * @return whether the pool was replaced
	 */
	synchronized boolean replaceWith(DatabaseProperties properties) {
		String wanted = fingerprint(properties);
		if (wanted.equals(this.settings)) {
			return false;
		}
		HikariDataSource old = this.pool;
		HikariDataSource created = create(properties);
		this.pool = created;
		this.settings = wanted;
		setTargetDataSource(created);
		if (old != null) {
			old.close();
		}
		return true;
	}

	String settings() {
		return this.settings;
	}

	HikariDataSource pool() {
		return this.pool;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.pool.getConnection();
	}

	/**
	 * A connection of no pool, with the pool's settings in force (the same URL, credentials and
	 * timeouts), named by its use.
	 */
	@Override
	public Connection open() throws SQLException {
		HikariDataSource current = this.pool;
		Properties properties = new Properties();
		current.getDataSourceProperties().forEach((name, value) -> properties.setProperty(name.toString(), value.toString()));
		properties.setProperty("user", current.getUsername());
		if (current.getPassword() != null) {
			properties.setProperty("password", current.getPassword());
		}
		properties.setProperty("ApplicationName", DedicatedConnections.APPLICATION_NAME);
		return DriverManager.getConnection(current.getJdbcUrl(), properties);
	}

	@Override
	public void close() {
		this.pool.close();
	}

	private static HikariDataSource create(DatabaseProperties properties) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName(DatabaseConfiguration.SERVICE);
		dataSource.setJdbcUrl("jdbc:postgresql://" + properties.getHost() + ":" + properties.getPort() + "/"
				+ properties.getName());
		dataSource.setUsername(properties.getUsername());
		if (StringUtils.hasText(properties.getPassword())) {
			dataSource.setPassword(properties.getPassword());
		}
		dataSource.setMaximumPoolSize(properties.getPoolSize());
		dataSource.setMinimumIdle(1);
		dataSource.setInitializationFailTimeout(-1);
		dataSource.setConnectionTimeout(properties.getConnectTimeout().toMillis());
		dataSource.setValidationTimeout(Math.min(properties.getConnectTimeout().toMillis(), 5_000));
		dataSource.addDataSourceProperty("connectTimeout", Math.max(1, properties.getConnectTimeout().toSeconds()));
		dataSource.addDataSourceProperty("socketTimeout", Math.max(1, properties.getSocketTimeout().toSeconds()));
		dataSource.addDataSourceProperty("ApplicationName", "xseven-mesh");
		// A transaction left open by a frozen or partitioned instance is ended by the server, so
		// that its locks (those of the outbox's rows among them) do not hold the fleet up.
		dataSource.addDataSourceProperty("options", "-c idle_in_transaction_session_timeout="
				+ IDLE_IN_TRANSACTION.toMillis());
		return dataSource;
	}

	// Everything the pool is built from; the password only by its hash, so that it is not kept twice.
	private static String fingerprint(DatabaseProperties properties) {
		return String.join("|", properties.getHost(), String.valueOf(properties.getPort()), properties.getName(),
				properties.getUsername(), String.valueOf(Objects.hashCode(properties.getPassword())),
				String.valueOf(properties.getPoolSize()), properties.getConnectTimeout().toString(),
				properties.getSocketTimeout().toString());
	}

}
