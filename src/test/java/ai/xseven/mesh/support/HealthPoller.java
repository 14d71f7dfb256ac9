package ai.xseven.mesh.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a running host's {@code /health/system} every 100 ms until the services are where a
 * test wants them, handing every answer to an observer that checks what must hold meanwhile.
 */
public final class HealthPoller {

	private static final Duration EVERY = Duration.ofMillis(100);

	private final PackagedHost host;

	private final JsonMapper json = JsonMapper.builder().build();

	public HealthPoller(PackagedHost host) {
		this.host = host;
	}

	/**
	 * One answer.
	 * @return the system's status and each service's status and breaker state; status
	 * {@code null} when nothing answered
	 */
	public Snapshot poll() {
		long at = System.nanoTime();
		PackagedHost.Answer answer = this.host.get("/health/system");
		if (answer.status() != 200 && answer.status() != 503) {
			return new Snapshot(at, null, Map.of(), Map.of());
		}
		JsonNode root = this.json.readTree(answer.body());
		Map<String, String> services = new LinkedHashMap<>();
		Map<String, String> breakers = new LinkedHashMap<>();
		root.path("services").properties().forEach((entry) -> {
			services.put(entry.getKey(), entry.getValue().path("status").asString());
			JsonNode breaker = entry.getValue().path("circuitBreaker");
			if (breaker.isString()) {
				breakers.put(entry.getKey(), breaker.asString());
			}
		});
		return new Snapshot(at, root.path("status").asString(), services, breakers);
	}

	/**
	 * Waits until every one of the services is UP, or none of them is.
	 * @param services the services
	 * @param up whether to wait for UP or for not UP
	 * @param atMost how long to wait
	 * @return how long it took, {@code null} when it did not happen in time
	 */
	public Duration awaitServices(List<String> services, boolean up, Duration atMost) {
		return awaitServices(services, up, atMost, (snapshot) -> {
		});
	}

	/**
	 * Waits until every one of the services is UP, or none of them is.
	 * @param services the services
	 * @param up whether to wait for UP or for not UP
	 * @param atMost how long to wait
	 * @param observer given every answer
	 * @return how long it took, {@code null} when it did not happen in time
	 */
	public Duration awaitServices(List<String> services, boolean up, Duration atMost, Consumer<Snapshot> observer) {
		long began = System.nanoTime();
		while (System.nanoTime() - began < atMost.toNanos()) {
			Snapshot snapshot = poll();
			observer.accept(snapshot);
			if (snapshot.status() != null && services.stream().allMatch((service) -> snapshot.isUp(service) == up)) {
				return Duration.ofNanos(snapshot.at() - began);
			}
			pause();
		}
		return null;
	}

	/**
	 * Waits until the system is UP with every breaker closed.
	 * @param atMost how long to wait
	 * @param observer given every answer
	 * @return whether it happened in time
	 */
	public boolean awaitSettled(Duration atMost, Consumer<Snapshot> observer) {
		long began = System.nanoTime();
		while (System.nanoTime() - began < atMost.toNanos()) {
			Snapshot snapshot = poll();
			observer.accept(snapshot);
			if ("UP".equals(snapshot.status()) && snapshot.breakers().values().stream().allMatch("CLOSED"::equals)) {
				return true;
			}
			pause();
		}
		return false;
	}

	public boolean awaitSettled(Duration atMost) {
		return awaitSettled(atMost, (snapshot) -> {
		});
	}

	private static void pause() {
		try {
			Thread.sleep(EVERY.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One answer of {@code /health/system}.
	 *
	 * @param at when it was asked for, as {@link System#nanoTime()}
	 * @param status the system's status, {@code null} when nothing answered
	 * @param services each service's status
	 * @param breakers each service's breaker state, for the services that have one
	 */
	public record Snapshot(long at, String status, Map<String, String> services, Map<String, String> breakers) {

		public boolean isUp(String service) {
			return "UP".equals(this.services.get(service));
		}

	}

}
