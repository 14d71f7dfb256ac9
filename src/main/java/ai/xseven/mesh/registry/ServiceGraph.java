package ai.xseven.mesh.registry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency graph of a set of services: validated on creation, then asked for a start
 * order and for the services that depend on one.
 */
public final class ServiceGraph {

	private final Map<String, ServiceDefinition> services;

	private final List<String> order;

	private ServiceGraph(Map<String, ServiceDefinition> services, List<String> order) {
		this.services = services;
		this.order = order;
	}

	/**
	 * Validates the services' dependencies and orders them.
	 * @param definitions the services, in registration order
	 * @return the graph
	 * @throws ServiceGraphException naming an unknown dependency or the services of a cycle
	 */
	public static ServiceGraph of(List<ServiceDefinition> definitions) {
		Map<String, ServiceDefinition> services = new LinkedHashMap<>();
		definitions.forEach((definition) -> services.put(definition.name(), definition));
		for (ServiceDefinition definition : definitions) {
			for (String dependency : definition.dependencies()) {
				if (!services.containsKey(dependency)) {
					throw new ServiceGraphException("Service '" + definition.name()
							+ "' depends on unknown service '" + dependency + "'");
				}
			}
		}
		List<String> cycle = findCycle(services);
		if (!cycle.isEmpty()) {
			throw new ServiceGraphException("Dependency cycle between services: " + String.join(" -> ", cycle));
		}
		return new ServiceGraph(services, topologicalOrder(services));
	}

	/**
	 * Every service, each after all of its dependencies; ties keep registration order.
	 * @return the start order
	 */
	public List<String> startOrder() {
		return this.order;
	}

	/**
	 * The services that depend on the given one, directly or not, in start order.
	 * @param name a service
	 * @return its dependents, without itself
	 */
	public List<String> dependentsOf(String name) {
		Set<String> found = new HashSet<>();
		Deque<String> pending = new ArrayDeque<>(List.of(name));
		while (!pending.isEmpty()) {
			String current = pending.pop();
			for (ServiceDefinition candidate : this.services.values()) {
				if (candidate.dependencies().contains(current) && found.add(candidate.name())) {
					pending.push(candidate.name());
				}
			}
		}
		return this.order.stream().filter(found::contains).toList();
	}

	private static List<String> topologicalOrder(Map<String, ServiceDefinition> services) {
		List<String> order = new ArrayList<>();
		Set<String> placed = new HashSet<>();
		while (order.size() < services.size()) {
			for (ServiceDefinition definition : services.values()) {
				if (!placed.contains(definition.name()) && placed.containsAll(definition.dependencies())) {
					placed.add(definition.name());
					order.add(definition.name());
					break;
				}
			}
		}
		return List.copyOf(order);
	}

	private static List<String> findCycle(Map<String, ServiceDefinition> services) {
		Set<String> done = new HashSet<>();
		for (String start : services.keySet()) {
			List<String> cycle = walk(start, services, new LinkedHashSet<>(), done);
			if (!cycle.isEmpty()) {
				return cycle;
			}
		}
		return List.of();
	}

	private static List<String> walk(String name, Map<String, ServiceDefinition> services, LinkedHashSet<String> path,
			Set<String> done) {
		if (path.contains(name)) {
			List<String> cycle = new ArrayList<>();
			boolean inCycle = false;
			for (String step : path) {
				inCycle = inCycle || step.equals(name);
				if (inCycle) {
					cycle.add(step);
				}
			}
			cycle.add(name);
			return cycle;
		}
		if (done.contains(name)) {
			return List.of();
		}
		path.add(name);
		for (String dependency : services.get(name).dependencies()) {
			List<String> cycle = walk(dependency, services, path, done);
			if (!cycle.isEmpty()) {
				return cycle;
			}
		}
		path.remove(name);
		done.add(name);
		return List.of();
	}

}
