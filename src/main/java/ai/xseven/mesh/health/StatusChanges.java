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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import ai.xseven.mesh.registry.ServiceState;

/**
 * Follows each service's status: one log line per change, and the latest changes for
 * {@code recentChanges} of {@code /health/system}; and one log line when a service's latest
 * result turns stale (no check has ended for too long, so it no longer counts as UP), and one
 * when a fresh result comes again.
 */
final class StatusChanges {

	private static final Log logger = LogFactory.getLog(HealthChecker.class);

	private static final Logger changes = LoggerFactory.getLogger(HealthChecker.class);

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
		// The service and both statuses also as fields: JSON logs
		// (LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs) carry them as mesh.service, mesh.status, ….
		LoggingEventBuilder event = (status == ServiceStatus.DOWN) ? changes.atWarn() : changes.atInfo();
		event = event.addKeyValue("mesh.service", name)
			.addKeyValue("mesh.status", status.name())
			.addKeyValue("mesh.previous_status", previous.name());
		if (status == ServiceStatus.DOWN) {
			event.addKeyValue("mesh.error", health.error())
				.log("Service '" + name + "' is DOWN (was " + previous + "): " + health.error());
		}
		else {
			event.log("Service '" + name + "' is " + status + " (was " + previous + ")");
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
