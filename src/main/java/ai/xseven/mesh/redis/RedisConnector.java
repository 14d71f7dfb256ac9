package ai.xseven.mesh.redis;

import java.util.Map;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;

import ai.xseven.mesh.config.SectionHolder;
import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.ProbeResult;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.StringUtils;

/**
 * The {@code redis} service: owns the Lettuce client, created at start and closed at stop, with
 * explicit connect and command timeouts. Commands sent while disconnected fail at once instead of
 * queueing until their timeout. Starting does not need Redis to answer: the client reconnects by
 * itself and health reports whether Redis is there.
 */
public class RedisConnector implements ManagedService, HealthCheck {

	private final RedisProperties properties;

	private volatile LettuceConnectionFactory connectionFactory;

	private volatile StringRedisTemplate template;

	public RedisConnector(RedisProperties properties) {
		this.properties = properties;
	}

	@Override
	public synchronized void start() {
		RedisProperties settings = SectionHolder.inForce(this.properties);
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(settings.getHost(),
				settings.getPort());
		server.setDatabase(settings.getDatabase());
		if (StringUtils.hasText(settings.getPassword())) {
			server.setPassword(settings.getPassword());
		}
		ClientOptions options = ClientOptions.builder()
			.socketOptions(SocketOptions.builder().connectTimeout(settings.getConnectTimeout()).build())
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.autoReconnect(true)
			.build();
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(settings.getTimeout())
			.clientOptions(options)
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(server, client);
		factory.afterPropertiesSet();
		factory.start();
		this.connectionFactory = factory;
		this.template = new StringRedisTemplate(factory);
	}

	@Override
	public synchronized void stop() {
		LettuceConnectionFactory factory = this.connectionFactory;
		this.template = null;
		this.connectionFactory = null;
		if (factory != null) {
			factory.destroy();
		}
	}

	/**
	 * Puts a new client in place of the running one and closes the old one's connections, which
	 * fails a command stuck on them.
	 */
	@Override
	public synchronized void rebuildClient() {
		LettuceConnectionFactory old = this.connectionFactory;
		if (old == null) {
			return;
		}
		start();
		old.destroy();
	}

	/**
	 * Sends {@code PING} straight to Redis, not through the breaker, so that health sees a
	 * recovery at once.
	 */
	@Override
	public ProbeResult check() {
		LettuceConnectionFactory factory = this.connectionFactory;
		if (factory == null) {
			return ProbeResult.down("redis client is not started");
		}
		try (RedisConnection connection = factory.getConnection()) {
			String answer = connection.ping();
			return ProbeResult.up(Map.of("ping", String.valueOf(answer), "address",
					factory.getHostName() + ":" + factory.getPort()));
		}
	}

	/**
	 * The template of the running client.
	 * @return the template
	 * @throws IllegalStateException when the service is not running
	 */
	StringRedisTemplate template() {
		StringRedisTemplate current = this.template;
		if (current == null) {
			throw new IllegalStateException("redis is not running");
		}
		return current;
	}

}
