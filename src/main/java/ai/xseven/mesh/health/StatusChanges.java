package ai.xseven.mesh.health;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.registry.ServiceState;

/**
 * Follows each service's status: one log line per change, and the latest changes for
 * {@code recentChanges} of {@code /health/system}; and one log line when a service's latest
 * result turns stale (no check has ended for too long, so it no longer counts as UP), and one
 * when a fresh result comes again.
 */
final class StatusChanges {

	private static final Log logger = LogFactory.getLog(HealthChecker.class);

	static final int KEPT = 20;

	private final Clock clock;

	private final Map<String, ServiceStatus> reported = new ConcurrentHashMap<>();

	private final Deque<StatusChange> recent = new ArrayDeque<>();

	private final Set<String> stale = ConcurrentHashMap.newKeySet();

	StatusChanges(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Takes a service's health as it is now; a status other than the one seen before is a change.
	 * @param name the service
	 * @param health its health
	 */
	void seen(String name, ServiceHealth health) {
		ServiceStatus status = health.status();
		ServiceStatus previous = this.reported.put(name, status);
		if (previous == null || previous == status) {
			return;
		}
		synchronized (this.recent) {
			this.recent.addFirst(new StatusChange(name, previous, status, this.clock.instant(), health.error()));
			while (this.recent.size() > KEPT) {
				this.recent.removeLast();
			}
		}
		if (status == ServiceStatus.UP) {
			logger.info("Service '" + name + "' is UP (was " + previous + ")");
		}
		else if (status == ServiceStatus.DOWN) {
			logger.warn("Service '" + name + "' is DOWN (was " + previous + "): " + health.error());
		}
		else {
			logger.info("Service '" + name + "' is " + status + " (was " + previous + ")");
		}
	}

	/**
	 * Takes a service's health as some read found it, a request's, a scrape's or a round's: the
	 * first that finds its result stale logs it.
	 * @param name the service
	 * @param health its health
	 */
	void read(String name, ServiceHealth health) {
		if (health.stale()) {
			if (this.stale.add(name)) {
				logger.warn("Service '" + name + "' has had no check result since " + health.checkedAt() + ": its "
						+ "latest (" + health.status() + ") is stale and counts as not UP");
			}
		}
		else if (this.stale.remove(name) && health.state() == ServiceState.RUNNING && health.latencyMs() != null) {
			// Only a result from a check is fresh; a service that stopped or lost its results meanwhile
			// has none, and its status change says so.
			logger.info("Service '" + name + "' has a fresh check result again: " + health.status());
		}
	}

	/**
	 * The latest changes, the newest first.
	 * @return at most {@value #KEPT} of them
	 */
	List<StatusChange> recent() {
		synchronized (this.recent) {
			return List.copyOf(new ArrayList<>(this.recent));
		}
	}

}
