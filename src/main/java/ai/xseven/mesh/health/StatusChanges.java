package ai.xseven.mesh.health;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Follows each service's status: one log line per change, and the latest changes for
 * {@code recentChanges} of {@code /health/system}.
 */
final class StatusChanges {

	private static final Log logger = LogFactory.getLog(HealthChecker.class);

	static final int KEPT = 20;

	private final Clock clock;

	private final Map<String, ServiceStatus> reported = new ConcurrentHashMap<>();

	private final Deque<StatusChange> recent = new ArrayDeque<>();

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
	 * The latest changes, the newest first.
	 * @return at most {@value #KEPT} of them
	 */
	List<StatusChange> recent() {
		synchronized (this.recent) {
			return List.copyOf(new ArrayList<>(this.recent));
		}
	}

}
