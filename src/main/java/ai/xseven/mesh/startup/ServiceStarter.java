package ai.xseven.mesh.startup;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ManagedService;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceInstances;
import ai.xseven.mesh.registry.ServiceLifecycle;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceState;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.util.Assert;

/**
 * Starts and stops one service within its timeout and records the outcome in the registry.
 */
class ServiceStarter {

	private static final Log logger = LogFactory.getLog(ServiceStarter.class);

	private final ServiceRegistry registry;

	private final ServiceInstances instances;

	private final AsyncTaskExecutor executor;

	private final StartupProperties properties;

	ServiceStarter(ServiceRegistry registry, ServiceInstances instances, AsyncTaskExecutor executor,
			StartupProperties properties) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(instances, "'instances' must not be null");
		Assert.notNull(executor, "'executor' must not be null");
		Assert.notNull(properties, "'properties' must not be null");
		this.registry = registry;
		this.instances = instances;
		this.executor = executor;
		this.properties = properties;
	}

	/**
	 * Starts a service: creates its instance and runs {@link ManagedService#start()} (not for
	 * {@link ServiceLifecycle#TRANSIENT} services, whose instances belong to their callers).
	 * @param name the service
	 * @return whether it is RUNNING now
	 */
	boolean start(String name) {
		ServiceDefinition definition = this.registry.definition(name).orElseThrow();
		// A retried service keeps its last error while it starts again: health still says why it is down.
		this.registry.transition(name, ServiceState.STARTING, this.registry.get(name).error());
		long began = System.nanoTime();
		Duration timeout = this.properties.getServiceTimeout();
		try {
			run(() -> {
				if (definition.serviceClass() != null) {
					Object instance = this.instances.instanceOf(definition);
					if (instance instanceof ManagedService managed && definition.lifecycle() == ServiceLifecycle.SINGLETON) {
						managed.start();
					}
				}
				return null;
			}, timeout);
			Duration took = Duration.ofNanos(System.nanoTime() - began);
			this.registry.started(name, took);
			logger.info("Service '" + name + "' started in " + took.toMillis() + " ms");
			return true;
		}
		catch (TimeoutException ex) {
			return failed(name, "start timed out after " + timeout.toMillis() + " ms");
		}
		catch (Exception ex) {
			return failed(name, Failures.describe(ex));
		}
	}

	/**
	 * Stops a running service within the stop timeout; it is STOPPED afterwards either way.
	 * @param name the service
	 */
	void stop(String name) {
		stop(name, this.properties.getStopTimeout());
	}

	/**
	 * Stops a running service within a time of the caller's.
	 * @param name the service
	 * @param timeout the most its stop may take
	 */
	void stop(String name, Duration timeout) {
		ServiceDefinition definition = this.registry.definition(name).orElseThrow();
		if (this.registry.get(name).state() != ServiceState.RUNNING) {
			this.registry.transition(name, ServiceState.STOPPED, null);
			return;
		}
		try {
			run(() -> {
				if (definition.serviceClass() != null && definition.lifecycle() == ServiceLifecycle.SINGLETON
						&& this.instances.instanceOf(definition) instanceof ManagedService managed) {
					managed.stop();
				}
				return null;
			}, timeout);
			logger.info("Service '" + name + "' stopped");
		}
		catch (TimeoutException ex) {
			logger.warn("Service '" + name + "' did not stop within " + timeout.toMillis() + " ms");
		}
		catch (Exception ex) {
			logger.warn("Service '" + name + "' failed to stop cleanly: " + Failures.describe(ex));
		}
		this.registry.transition(name, ServiceState.STOPPED, null);
	}

	private void run(Callable<Void> work, Duration timeout) throws Exception {
		Future<Void> future = this.executor.submit(work);
		try {
			future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw ex;
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw ex;
		}
	}

	private boolean failed(String name, String error) {
		this.registry.transition(name, ServiceState.FAILED, error);
		logger.warn("Service '" + name + "' failed to start: " + error);
		return false;
	}

}
