package ai.xseven.mesh.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox table: events are added in one statement each, and taken out by the relay in
 * sequence order, inside a transaction that holds an advisory lock so that one host instance
 * relays at a time and per-key order holds across instances.
 */
class OutboxStore {

	// Any fixed number; it only has to be the same in every instance.
	private static final long RELAY_LOCK = 7_245_771_003L;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactionTemplate;

	private final AtomicLong pending = new AtomicLong();

	OutboxStore(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate) {
		this.jdbcTemplate = jdbcTemplate;
		this.transactionTemplate = transactionTemplate;
	}

	/**
	 * Stores an event durably.
	 * @param eventId its id
	 * @param topic its topic
	 * @param key its key, or {@code null}
	 * @param payload its JSON value
	 */
	void add(String eventId, String topic, String key, String payload) {
		this.jdbcTemplate.update("INSERT INTO event_outbox (event_id, topic, record_key, payload) VALUES (?, ?, ?, ?)",
				eventId, topic, key, payload);
		this.pending.incrementAndGet();
	}

	/**
	 * Events in the outbox as last counted, plus those added since.
	 * @return the number of queued events
	 */
	long pending() {
		return this.pending.get();
	}

	/**
	 * Counts the queued events again.
	 * @return the number of queued events
	 */
	long countPending() {
		Long count = this.jdbcTemplate.queryForObject("SELECT count(*) FROM event_outbox", Long.class);
		this.pending.set((count != null) ? count : 0);
		return this.pending.get();
	}

	/**
	 * Hands the oldest events to {@code send} in sequence order, stops at the first it refuses,
	 * and deletes those it accepted, all in one transaction.
	 * @param batchSize most events to take
	 * @param send publishes one event, {@code true} once the broker acknowledged it
	 * @return the events relayed, or -1 when another instance is relaying
	 */
	int relay(int batchSize, Predicate<OutboxEvent> send) {
		Integer relayed = this.transactionTemplate.execute((status) -> {
			Boolean locked = this.jdbcTemplate.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class,
					RELAY_LOCK);
			if (!Boolean.TRUE.equals(locked)) {
				return -1;
			}
			List<OutboxEvent> batch = this.jdbcTemplate.query(
					"SELECT sequence, event_id, topic, record_key, payload FROM event_outbox ORDER BY sequence LIMIT ?",
					(row, index) -> new OutboxEvent(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
							row.getString(5)),
					batchSize);
			List<Object[]> sent = new ArrayList<>();
			for (OutboxEvent event : batch) {
				if (!send.test(event)) {
					break;
				}
				sent.add(new Object[] { event.sequence() });
			}
			this.jdbcTemplate.batchUpdate("DELETE FROM event_outbox WHERE sequence = ?", sent);
			return sent.size();
		});
		return (relayed != null) ? relayed : 0;
	}

}
