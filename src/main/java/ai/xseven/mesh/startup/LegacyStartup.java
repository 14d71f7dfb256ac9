package ai.xseven.mesh.startup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceState;

/**
 * The old way: one service at a time in a fixed order, no retries, dependencies not consulted.
 * The order is {@link #BUILT_IN_ORDER} first, then every other service in registration order. A
 * required service that fails stops the start-up; the services after it stay REGISTERED.
 */
class LegacyStartup implements StartupStrategy {

	/**
	 * The order in which the Python-era start-up script connected to the backing services.
	 */
	static final List<String> BUILT_IN_ORDER = List.of("database", "redis", "kafka", "temporal", "dspy", "voice");

	private static final Log logger = LogFactory.getLog(LegacyStartup.class);

	private final ServiceRegistry registry;

	private final ServiceStarter starter;

	private volatile boolean stopped;

	LegacyStartup(ServiceRegistry registry, ServiceStarter starter) {
		this.registry = registry;
		this.starter = starter;
	}

	@Override
	public StartupMode mode() {
		return StartupMode.LEGACY;
	}

	@Override
	public void start() {
		List<String> order = order(this.registry.definitions());
		logger.info("Legacy start-up, one service at a time: " + String.join(", ", order));
		for (int i = 0; i < order.size() && !this.stopped; i++) {
			String name = order.get(i);
			if (this.registry.get(name).state() == ServiceState.RUNNING) {
				continue;
			}
			if (!this.starter.start(name) && this.registry.get(name).required()) {
				logger.error("Legacy start-up stopped: required service '" + name + "' failed to start ("
						+ this.registry.get(name).error() + "); not started: " + order.subList(i + 1, order.size()));
				return;
			}
		}
	}

	@Override
	public void added(String name) {
		if (!this.stopped) {
			this.starter.start(name);
		}
	}

	@Override
	public void release(Iterable<String> names) {
	}

	@Override
	public void reclaim(Iterable<String> names) {
	}

	@Override
	public void stop() {
		this.stopped = true;
	}

	static List<String> order(List<ServiceDefinition> definitions) {
		List<String> names = new ArrayList<>(definitions.stream().map(ServiceDefinition::name).toList());
		names.sort(Comparator.comparingInt(LegacyStartup::rank));
		return names;
	}

	private static int rank(String name) {
		int index = BUILT_IN_ORDER.indexOf(name);
		return (index >= 0) ? index : BUILT_IN_ORDER.size();
	}

}
