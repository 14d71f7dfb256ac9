package ai.xseven.mesh.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.temporal.testserver.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.common.network.ListenerName;
import redis.embedded.RedisServer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
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

	private static EmbeddedKafkaKraftBroker kafka;

	private static TestServer.PortBoundTestServer temporal;

	private static int temporalPort;

	private static WireMockServer providers;

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
	 * Another database on the same PostgreSQL server, for tests whose stored state must not reach
	 * the others.
	 * @param name the database's name
	 * @return the name
	 */
	public static synchronized String createDatabase(String name) {
		postgresPort();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name);
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return name;
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
	 * An in-JVM KRaft Kafka broker.
	 * @return its bootstrap servers
	 */
	public static synchronized String kafkaBootstrapServers() {
		if (kafka == null) {
			kafka = startKafka(Map.of());
			EmbeddedKafkaKraftBroker started = kafka;
			Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
		}
		return kafka.getBrokersAsString();
	}

	/**
	 * Another KRaft broker, owned by the caller.
	 * @param brokerProperties broker settings beyond the defaults
	 * @return the broker, started
	 */
	public static EmbeddedKafkaKraftBroker startKafka(Map<String, String> brokerProperties) {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(brokerProperties);
		broker.afterPropertiesSet();
		// The broker announces itself in system properties, which would outrank the host's own
		// kafka.bootstrap-servers in every context this JVM starts later.
		System.clearProperty("spring.kafka.bootstrap-servers");
		System.clearProperty(EmbeddedKafkaKraftBroker.BROKER_LIST_PROPERTY);
		return broker;
	}

	/**
	 * Another KRaft broker, owned by the caller, reached only through a proxy: it announces the
	 * proxy's port to its clients, and the proxy forwards to the broker's own.
	 * @param proxy the proxy, pointed at the broker once it runs
	 * @param brokerProperties broker settings beyond the defaults
	 * @return the broker, started
	 */
	public static EmbeddedKafkaKraftBroker startKafkaBehind(TcpProxy proxy, Map<String, String> brokerProperties) {
		Map<String, String> properties = new HashMap<>(brokerProperties);
		properties.put("advertised.listeners", "EXTERNAL://127.0.0.1:" + proxy.getPort());
		EmbeddedKafkaKraftBroker broker = startKafka(properties);
		proxy.setTargetPort(broker.getCluster().brokers().values().iterator().next()
			.boundPort(ListenerName.normalised("EXTERNAL")));
		return broker;
	}

	/**
	 * Temporal's test server, bound to a port.
	 * @return its port
	 */
	public static synchronized int temporalPort() {
		if (temporal == null) {
			temporalPort = TestSocketUtils.findAvailableTcpPort();
			temporal = TestServer.createPortBoundServer(temporalPort);
			TestServer.PortBoundTestServer started = temporal;
			Runtime.getRuntime().addShutdownHook(new Thread(started::close));
		}
		return temporalPort;
	}

	/**
	 * Stub language-model and voice providers that answer every call successfully.
	 * @return their base URL
	 */
	public static synchronized String providersUrl() {
		if (providers == null) {
			providers = ProviderStubs.startAnswering();
			WireMockServer started = providers;
			Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
		}
		return providers.baseUrl();
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
