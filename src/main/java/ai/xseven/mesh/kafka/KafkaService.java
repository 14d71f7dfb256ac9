package ai.xseven.mesh.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.ProbeResult;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The {@code kafka} service: an admin client for the health check, the producer, closed at stop,
 * and the listener containers, stopped with it, so that a restart connects afresh. Starting does not need the brokers to answer; health
 * reports whether they do.
 */
public class KafkaService implements ManagedService, HealthCheck {

	private final KafkaProperties properties;

	private final HealthProperties healthProperties;

	private final ProducerFactory<?, ?> producerFactory;

	private final ConsumerFactory<?, ?> consumerFactory;

	private final KafkaListenerEndpointRegistry listeners;

	private volatile AdminClient admin;

	public KafkaService(KafkaProperties properties, HealthProperties healthProperties,
			ProducerFactory<?, ?> producerFactory, ConsumerFactory<?, ?> consumerFactory,
			KafkaListenerEndpointRegistry listeners) {
		this.properties = properties;
		this.healthProperties = healthProperties;
		this.producerFactory = producerFactory;
		this.consumerFactory = consumerFactory;
		this.listeners = listeners;
	}

	@Override
	public synchronized void start() {
		// Producer and consumers follow kafka.bootstrap-servers as it is now, after a configuration
		// change too; the listener containers started by a restart create their consumers anew.
		if (this.producerFactory instanceof DefaultKafkaProducerFactory<?, ?> factory) {
			factory.updateConfigs(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.properties.getBootstrapServers()));
		}
		if (this.consumerFactory instanceof DefaultKafkaConsumerFactory<?, ?> factory) {
			factory.updateConfigs(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.properties.getBootstrapServers()));
		}
		if (this.listeners != null && !this.listeners.isRunning()) {
			this.listeners.start();
		}
		this.admin = newAdmin();
	}

	/**
	 * Puts a new admin client, the one health asks through, in place of the running one, and
	 * closes the old one at once, which fails a call stuck on it.
	 */
	@Override
	public synchronized void rebuildClient() {
		AdminClient old = this.admin;
		if (old == null) {
			return;
		}
		this.admin = newAdmin();
		old.close(Duration.ZERO);
	}

	private AdminClient newAdmin() {
		int timeoutMs = (int) this.healthProperties.getTimeout().toMillis();
		// No rebootstrap: with the brokers away it would spin through the bootstrap list for as
		// long as a check waits; plain reconnects with back-off are enough for one question.
		return AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.properties.getBootstrapServers(), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
				AdminClientConfig.METADATA_RECOVERY_STRATEGY_CONFIG, "none",
				AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 200, AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG,
				5_000, AdminClientConfig.CLIENT_ID_CONFIG, "xseven-mesh-health"));
	}

	@Override
	public synchronized void stop() {
		if (this.listeners != null && this.listeners.isRunning()) {
			this.listeners.stop();
		}
		AdminClient current = this.admin;
		this.admin = null;
		if (current != null) {
			current.close(Duration.ofSeconds(2));
		}
		this.producerFactory.reset();
	}

	/**
	 * Asks the cluster for its brokers, straight and not through the breaker.
	 */
	@Override
	public ProbeResult check() throws Exception {
		AdminClient current = this.admin;
		if (current == null) {
			return ProbeResult.down("kafka client is not started");
		}
		int timeoutMs = (int) this.healthProperties.getTimeout().toMillis();
		DescribeClusterResult cluster = current.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
		Collection<Node> nodes = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
		if (nodes.isEmpty()) {
			return ProbeResult.down("the cluster has no brokers");
		}
		return ProbeResult.up(Map.of("brokers", nodes.size(), "clusterId",
				String.valueOf(cluster.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS))));
	}

	/**
	 * Whether the cluster refuses a topic for good: it does not exist, and its brokers do not
	 * create topics on first use ({@code auto.create.topics.enable=false}).
	 * @param topic the topic
	 * @return the answer, empty when the cluster did not give one within the health timeout
	 */
	Optional<Boolean> refusesTopic(String topic) {
		AdminClient current = this.admin;
		if (current == null) {
			return Optional.empty();
		}
		long timeoutMs = this.healthProperties.getTimeout().toMillis();
		try {
			current.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
			return Optional.of(false);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
				return Optional.empty();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		catch (TimeoutException ex) {
			return Optional.empty();
		}
		try {
			Node broker = current.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).iterator().next();
			ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
			Config config = current.describeConfigs(List.of(resource)).all().get(timeoutMs, TimeUnit.MILLISECONDS)
				.get(resource);
			ConfigEntry autoCreate = (config != null) ? config.get("auto.create.topics.enable") : null;
			return (autoCreate != null) ? Optional.of(!Boolean.parseBoolean(autoCreate.value())) : Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			return Optional.empty();
		}
	}

}
