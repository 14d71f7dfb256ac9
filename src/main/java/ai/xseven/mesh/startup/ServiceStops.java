package ai.xseven.mesh.startup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceRegistry;

/**
 * Stops the services at shutdown, each once every service that depends on it has stopped: the
 * ones that do not depend on one another stop at the same time, as they start. Each stop gets
 * the stop timeout, and none more than what is left of the shutdown's budget, so that services
 * whose dependencies hang share the time before the deadline's halt instead of the first ones
 * taking all of it and the last ones none.
 */
final class ServiceStops {

	private static final Log logger = LogFactory.getLog(ServiceStops.class);

	/** The shortest time a stop is given, even when the budget is spent. */
	static final Duration LEAST = Duration.ofMillis(100);

	private final ServiceRegistry registry;

	private final ServiceStarter starter;

	private final Executor executor;

	private final Supplier<Duration> stopTimeout;

	private final Supplier<Optional<Duration>> budget;

	/**
	 * @param registry the services
	 * @param starter what stops one
	 * @param executor runs the stops that may run at once
	 * @param stopTimeout the longest one stop may take
	 * @param budget what the stops may take together, from now; empty for no bound beyond each
	 * stop's timeout
	 */
	ServiceStops(ServiceRegistry registry, ServiceStarter starter, Executor executor, Supplier<Duration> stopTimeout,
			Supplier<Optional<Duration>> budget) {
		this.registry = registry;
		this.starter = starter;
		this.executor = executor;
		this.stopTimeout = stopTimeout;
		this.budget = budget;
	}

	/**
	 * Stops every service and returns once each has stopped or its time ran out.
	 */
	void stopAll() {
		List<String> order = this.registry.stopOrder();
		logger.info("Stopping services: " + order);
		Duration timeout = this.stopTimeout.get();
		Optional<Duration> budget = this.budget.get();
		long end = System.nanoTime() + budget.orElse(timeout.multipliedBy(Math.max(1, order.size()))).toNanos();
		Map<String, CompletableFuture<Void>> stops = new LinkedHashMap<>();
		for (String name : order) {
			// Its dependents come before it in the order, unless the graph is broken: then each
			// waits only for those before it, and no stop waits for one that waits for it.
			List<CompletableFuture<Void>> dependents = new ArrayList<>();
			stops.forEach((earlier, stop) -> {
				if (dependsOn(earlier, name)) {
					dependents.add(stop);
				}
			});
			stops.put(name, CompletableFuture.allOf(dependents.toArray(CompletableFuture[]::new))
				.handle((ignored, failure) -> null)
				.thenRunAsync(() -> this.starter.stop(name, timeoutBefore(end, timeout)), this.executor));
		}
		await(CompletableFuture.allOf(stops.values().toArray(CompletableFuture[]::new)),
				end + LEAST.toNanos() * (order.size() + 1));
	}

	private boolean dependsOn(String service, String dependency) {
		return this.registry.definition(service)
			.map(ServiceDefinition::dependencies)
			.map((dependencies) -> dependencies.contains(dependency))
			.orElse(false);
	}

	private static Duration timeoutBefore(long end, Duration timeout) {
		Duration left = Duration.ofNanos(end - System.nanoTime());
		if (left.compareTo(timeout) >= 0) {
			return timeout;
		}
		return (left.compareTo(LEAST) > 0) ? left : LEAST;
	}

	// Each stop ends within its own time (at least LEAST, each after the ones it waits for, once the
	// budget is spent); the wait is bounded all the same, should a stop not even get a thread.
	private static void await(CompletableFuture<Void> all, long end) {
		try {
			all.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("Services still stopping when the time to stop them ran out");
		}
		catch (ExecutionException ex) {
			logger.warn("A service's stop failed: " + ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
