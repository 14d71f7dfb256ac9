package ai.xseven.mesh.startup;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.registry.ServiceGraph;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceSnapshot;
import ai.xseven.mesh.registry.ServiceState;

import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Starts each service as soon as all of its dependencies run, independent ones in parallel, and
 * retries failed starts in the background with exponential back-off. Dependents of a failed
 * service wait for it instead of failing.
 */
class MeshStartup implements StartupStrategy {

	private static final Log logger = LogFactory.getLog(MeshStartup.class);

	private final ServiceRegistry registry;

	private final ServiceStarter starter;

	private final TaskExecutor executor;

	private final TaskScheduler scheduler;

	private final StartupProperties properties;

	private final Object monitor = new Object();

	private final Set<String> inFlight = new HashSet<>();

	private final Set<String> retryDue = new HashSet<>();

	private final Set<String> released = new HashSet<>();

	private final Map<String, BackOffExecution> backOffs = new HashMap<>();

	private final Map<String, ScheduledFuture<?>> retries = new HashMap<>();

	private volatile boolean active;

	// Once stopped, never started again: a start-up still preparing when the host stops must not
	// launch services that nothing would stop.
	private volatile boolean stopped;

	MeshStartup(ServiceRegistry registry, ServiceStarter starter, TaskExecutor executor, TaskScheduler scheduler,
			StartupProperties properties) {
		this.registry = registry;
		this.starter = starter;
		this.executor = executor;
		this.scheduler = scheduler;
		this.properties = properties;
	}

	@Override
	public StartupMode mode() {
		return StartupMode.MESH;
	}

	@Override
	public void start() {
		this.registry.graph();
		synchronized (this.monitor) {
			if (this.stopped) {
				return;
			}
			this.active = true;
			launchReady();
			while (!this.inFlight.isEmpty()) {
				try {
					this.monitor.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public void added(String name) {
		synchronized (this.monitor) {
			launchReady();
		}
	}

	@Override
	public void release(Iterable<String> names) {
		synchronized (this.monitor) {
			for (String name : names) {
				this.released.add(name);
				this.retryDue.remove(name);
				this.backOffs.remove(name);
				ScheduledFuture<?> retry = this.retries.remove(name);
				if (retry != null) {
					retry.cancel(false);
				}
			}
		}
	}

	@Override
	public void reclaim(Iterable<String> names) {
		synchronized (this.monitor) {
			for (String name : names) {
				this.released.remove(name);
				if (this.registry.get(name).state() == ServiceState.FAILED) {
					scheduleRetry(name);
				}
			}
			launchReady();
		}
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			this.stopped = true;
			this.active = false;
			this.retries.values().forEach((retry) -> retry.cancel(false));
			this.retries.clear();
			this.retryDue.clear();
		}
	}

	// Called with the monitor held.
	private void launchReady() {
		if (!this.active) {
			return;
		}
		ServiceGraph graph = this.registry.graph();
		for (String name : graph.startOrder()) {
			ServiceSnapshot service = this.registry.get(name);
			boolean candidate = service.state() == ServiceState.REGISTERED
					|| (service.state() == ServiceState.FAILED && this.retryDue.contains(name));
			if (candidate && !this.inFlight.contains(name) && !this.released.contains(name) && dependenciesRun(service)) {
				this.inFlight.add(name);
				this.retryDue.remove(name);
				this.executor.execute(() -> attempt(name));
			}
		}
	}

	private boolean dependenciesRun(ServiceSnapshot service) {
		List<String> dependencies = service.dependsOn();
		return dependencies.stream().allMatch((dependency) -> this.registry.get(dependency).state() == ServiceState.RUNNING);
	}

	private void attempt(String name) {
		boolean started = false;
		try {
			started = this.starter.start(name);
		}
		finally {
			synchronized (this.monitor) {
				this.inFlight.remove(name);
				if (started) {
					this.backOffs.remove(name);
				}
				else {
					scheduleRetry(name);
				}
				launchReady();
				this.monitor.notifyAll();
			}
		}
	}

	// Called with the monitor held.
	private void scheduleRetry(String name) {
		if (!this.active || this.released.contains(name)) {
			return;
		}
		BackOffExecution backOff = this.backOffs.computeIfAbsent(name, (key) -> newBackOff().start());
		long delay = backOff.nextBackOff();
		logger.info("Retrying service '" + name + "' in " + delay + " ms");
		this.retries.put(name, this.scheduler.schedule(() -> retry(name), Instant.now().plusMillis(delay)));
	}

	private void retry(String name) {
		synchronized (this.monitor) {
			this.retries.remove(name);
			if (this.registry.get(name).state() == ServiceState.FAILED) {
				this.retryDue.add(name);
			}
			launchReady();
		}
	}

	private ExponentialBackOff newBackOff() {
		StartupProperties.Retry retry = this.properties.getRetry();
		ExponentialBackOff backOff = new ExponentialBackOff(retry.getInitialBackoff().toMillis(), retry.getMultiplier());
		backOff.setMaxInterval(retry.getMaxBackoff().toMillis());
		return backOff;
	}

}
