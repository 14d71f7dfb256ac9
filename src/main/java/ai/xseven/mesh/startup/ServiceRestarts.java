package ai.xseven.mesh.startup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceSnapshot;
import ai.xseven.mesh.registry.ServiceState;

/**
 * Restarts a service with the services that depend on it, one restart at a time, for
 * {@link StartupOrchestrator#restart(String)}.
 */
final class ServiceRestarts {

	private static final Log logger = LogFactory.getLog(StartupOrchestrator.class);

	private final ServiceRegistry registry;

	private final ServiceStarter starter;

	private final StartupMetrics metrics;

	private final Supplier<StartupStrategy> strategy;

	private final ReentrantLock restartLock = new ReentrantLock();

	ServiceRestarts(ServiceRegistry registry, ServiceStarter starter, StartupMetrics metrics,
			Supplier<StartupStrategy> strategy) {
		this.registry = registry;
		this.starter = starter;
		this.metrics = metrics;
		this.strategy = strategy;
	}

	/**
	 * Stops a service and, in reverse order, the services that depend on it, then starts them
	 * again in dependency order.
	 * @param name the service
	 * @return what was restarted
	 * @throws UnknownServiceException when the service is not registered
	 * @throws RestartInProgressException when a restart runs or the service is starting
	 */
	RestartResult restart(String name) {
		if (!this.registry.contains(name)) {
			throw new UnknownServiceException(name);
		}
		if (!this.restartLock.tryLock()) {
			throw new RestartInProgressException("A restart is already in progress");
		}
		try {
			if (this.registry.get(name).state() == ServiceState.STARTING) {
				throw new RestartInProgressException("Service '" + name + "' is starting");
			}
			long began = System.nanoTime();
			List<String> affected = new ArrayList<>();
			affected.add(name);
			affected.addAll(this.registry.graph().dependentsOf(name));
			// One strategy for both: the start-up may switch it once its preparations are done.
			StartupStrategy strategy = this.strategy.get();
			strategy.release(affected);
			try {
				List<String> reversed = new ArrayList<>(affected);
				Collections.reverse(reversed);
				reversed.forEach(this.starter::stop);
				for (String service : affected) {
					ServiceSnapshot snapshot = this.registry.get(service);
					boolean ready = snapshot.dependsOn().stream()
						.allMatch((dependency) -> this.registry.get(dependency).state() == ServiceState.RUNNING);
					if (ready) {
						this.starter.start(service);
					}
					else {
						this.registry.transition(service, ServiceState.REGISTERED, null);
					}
				}
			}
			finally {
				strategy.reclaim(affected);
			}
			this.metrics.restarted(affected);
			long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
			boolean isRunning = this.registry.get(name).state() == ServiceState.RUNNING;
			logger.info("Restarted " + affected + " in " + took + " ms");
			return new RestartResult(name, List.copyOf(affected), isRunning, took);
		}
		finally {
			this.restartLock.unlock();
		}
	}

}
