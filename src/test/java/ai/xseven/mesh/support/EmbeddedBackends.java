package ai.xseven.mesh.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

import org.springframework.test.util.TestSocketUtils;

/**
 * A real PostgreSQL and a real Redis server for the tests and the development application,
 * started once per JVM on free ports and stopped when the JVM exits.
 */
public final class EmbeddedBackends {

	public static final String DATABASE = "xseven";

	private static EmbeddedPostgres postgres;

	private static RedisServer redis;

	private static int redisPort;

	private EmbeddedBackends() {
	}

	/**
	 * The PostgreSQL server, with the {@value #DATABASE} database created.
	 * @return its port
	 */
	public static synchronized int postgresPort() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().start();
				EmbeddedPostgres started = postgres;
				Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started)));
				try (Connection connection = postgres.getPostgresDatabase().getConnection();
						Statement statement = connection.createStatement()) {
					statement.execute("CREATE DATABASE " + DATABASE);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return postgres.getPort();
	}

	/**
	 * A Redis server.
	 * @return its port
	 */
	public static synchronized int redisPort() {
		if (redis == null) {
			redisPort = TestSocketUtils.findAvailableTcpPort();
			redis = startRedis(redisPort);
			RedisServer started = redis;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(started)));
		}
		return redisPort;
	}

	/**
	 * Another Redis server, owned by the caller.
	 * @param port its port
	 * @return the server, started
	 */
	public static RedisServer startRedis(int port) {
		try {
			RedisServer server = new RedisServer(port);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void closeQuietly(EmbeddedPostgres server) {
		try {
			server.close();
		}
		catch (IOException ex) {
			// already gone
		}
	}

	public static void stopQuietly(RedisServer server) {
		try {
			server.stop();
		}
		catch (IOException ex) {
			// already gone
		}
	}

}
