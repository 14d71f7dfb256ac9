package ai.xseven.mesh.health;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each running service's latest check, and a count of every move (a result, a lifecycle change)
 * that an answer built from them may show.
 */
final class HealthResults {

	private final Map<String, CheckOutcome> outcomes = new ConcurrentHashMap<>();

	private final AtomicLong moves = new AtomicLong();

	CheckOutcome latest(String name) {
		return this.outcomes.get(name);
	}

	void put(String name, CheckOutcome outcome) {
		this.outcomes.put(name, outcome);
	}

	void forget(String name) {
		this.outcomes.remove(name);
	}

	void moved() {
		this.moves.incrementAndGet();
	}

	long moves() {
		return this.moves.get();
	}

}
