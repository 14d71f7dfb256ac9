package ai.xseven.mesh.kafka;

import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.postgresql.util.ByteBufferByteStreamWriter;
import org.postgresql.util.ByteStreamWriter;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox tables in PostgreSQL: queued events in acceptance order, the relay's lease and the
 * dead letters. Every statement has a time limit of its own ({@link #STATEMENT_TIMEOUT}), after
 * which the driver cancels it on the server, and no transaction here spans a call to the broker.
 */
class OutboxStore {

	static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(2);

	private static final String COLUMNS = "sequence, event_id, topic, record_key, payload, size_bytes, created_at";

	// The payload is text in the table and bytes in the host: PostgreSQL converts it, so that the
	// driver sends and reads the bytes as they are instead of encoding or decoding a copy of them
	// (see payload(…)).
	private static final String PAYLOAD_IN = "convert_from(?, 'UTF8')";

	private static final String EVENT_COLUMNS = "sequence, event_id, topic, record_key, convert_to(payload, 'UTF8'), "
			+ "size_bytes, created_at";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	OutboxStore(DataSource dataSource, TransactionTemplate transactions) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setQueryTimeout((int) STATEMENT_TIMEOUT.toSeconds());
		this.transactions = transactions;
	}

	/**
	 * Queues an event behind every one accepted before it.
	 * @param event the event (its sequence is assigned here)
	 */
	void add(OutboxEvent event) {
		this.jdbc.update("INSERT INTO event_outbox (event_id, topic, record_key, payload) VALUES (?, ?, ?, "
				+ PAYLOAD_IN + ")", event.eventId(), event.topic(), event.key(), payload(event));
	}

	/**
	 * Whether an event of this key waits in the outbox: an accepted event is committed before its
	 * answer and deleted only once the broker acknowledged it, so that when none waits, every
	 * older event of the key is in Kafka already.
	 * @param topic the topic
	 * @param key the record key
	 * @return whether one waits
	 */
	boolean hasPending(String topic, String key) {
		Boolean pending = this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM event_outbox WHERE topic = ? AND record_key = ?)", Boolean.class, topic,
				key);
		return Boolean.TRUE.equals(pending);
	}

	/**
	 * The oldest queued events, in acceptance order, up to a count and a number of bytes (at least
	 * one event whatever its size), leaving out the keys that wait out a back-off.
	 * @param limit most events
	 * @param maxBytes most bytes of keys and payloads together
	 * @param skippedKeys keys as {@link KeyBackOffs#keyOf} names them
	 * @return the events
	 */
	List<OutboxEvent> head(int limit, long maxBytes, Set<String> skippedKeys) {
		// The byte bound is applied by the database, so that no more than it is ever read here.
		String oldest = "SELECT " + COLUMNS + " FROM event_outbox"
				+ (skippedKeys.isEmpty() ? ""
						: " WHERE (CASE WHEN record_key IS NULL THEN topic ELSE topic || '/' || record_key END) <> ALL (?)")
				+ " ORDER BY sequence LIMIT ?";
		String sql = "SELECT " + EVENT_COLUMNS + " FROM (SELECT " + COLUMNS
				+ ", sum(size_bytes) OVER (ORDER BY sequence) AS running FROM (" + oldest + ") AS oldest) AS counted "
				+ "WHERE running <= ? OR running = size_bytes ORDER BY sequence";
		return this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement(sql);
			int index = 1;
			if (!skippedKeys.isEmpty()) {
				statement.setArray(index++, connection.createArrayOf("text", skippedKeys.toArray()));
			}
			statement.setInt(index++, limit);
			statement.setLong(index, maxBytes);
			return statement;
		}, (row, index) -> event(row));
	}

	/**
	 * Ends a relay run in one short transaction: deletes the events the broker acknowledged and
	 * moves those it refused for good to the dead letters.
	 * @param acknowledged the sequences of the acknowledged events
	 * @param refused the refused events with their errors
	 */
	void complete(List<Long> acknowledged, List<Refusal> refused) {
		if (acknowledged.isEmpty() && refused.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult((status) -> {
			if (!acknowledged.isEmpty()) {
				this.jdbc.execute((ConnectionCallback<Integer>) (connection) -> {
					Array sequences = connection.createArrayOf("bigint", acknowledged.toArray());
					try (var statement = connection.prepareStatement("DELETE FROM event_outbox WHERE sequence = ANY (?)")) {
						statement.setQueryTimeout((int) STATEMENT_TIMEOUT.toSeconds());
						statement.setArray(1, sequences);
						return statement.executeUpdate();
					}
				});
			}
			for (Refusal refusal : refused) {
				this.jdbc.update("WITH moved AS (DELETE FROM event_outbox WHERE sequence = ? RETURNING " + COLUMNS + ") "
						+ "INSERT INTO event_dead_letter (event_id, topic, record_key, payload, size_bytes, error, accepted_at) "
						+ "SELECT event_id, topic, record_key, payload, size_bytes, ?, created_at FROM moved",
						refusal.event().sequence(), refusal.error());
			}
		});
	}

	/**
	 * Keeps an event the broker refused for good at once, on the direct path.
	 * @param event the event
	 * @param error why it was refused
	 */
	void addDeadLetter(OutboxEvent event, String error) {
		this.jdbc.update("INSERT INTO event_dead_letter (event_id, topic, record_key, payload, size_bytes, error, accepted_at) "
				+ "VALUES (?, ?, ?, " + PAYLOAD_IN + ", ?, ?, now())", event.eventId(), event.topic(), event.key(),
				payload(event), event.sizeBytes(), error);
	}

	/**
	 * What the outbox holds now.
	 * @return its counts
	 */
	Counts counts() {
		return this.jdbc.queryForObject("SELECT (SELECT count(*) FROM event_outbox), "
				+ "(SELECT coalesce(sum(size_bytes), 0) FROM event_outbox), "
				+ "(SELECT created_at FROM event_outbox ORDER BY sequence LIMIT 1), "
				+ "(SELECT count(*) FROM event_dead_letter)", (row, index) -> new Counts(row.getLong(1), row.getLong(2),
						instant(row.getTimestamp(3)), row.getLong(4)));
	}

	/**
	 * Takes or renews the relay's lease; the database's clock decides when it expires.
	 * @param holder this instance
	 * @param ttl how long the lease lasts without a renewal
	 * @return whether this instance holds it now
	 */
	boolean lease(String holder, Duration ttl) {
		List<String> held = this.jdbc.queryForList("INSERT INTO outbox_relay_lease (id, holder, expires_at) "
				+ "VALUES (1, ?, now() + make_interval(secs => ?)) ON CONFLICT (id) DO UPDATE "
				+ "SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at "
				+ "WHERE outbox_relay_lease.holder = EXCLUDED.holder OR outbox_relay_lease.expires_at < now() "
				+ "RETURNING holder", String.class, holder, ttl.toMillis() / 1000.0);
		return !held.isEmpty();
	}

	/**
	 * Gives the lease up, so that another instance takes over at once.
	 * @param holder this instance
	 */
	void releaseLease(String holder) {
		this.jdbc.update("DELETE FROM outbox_relay_lease WHERE holder = ?", holder);
	}

	List<DeadLetter> deadLetters(int limit) {
		return this.jdbc.query("SELECT id, event_id, topic, record_key, size_bytes, error, accepted_at, failed_at "
				+ "FROM event_dead_letter ORDER BY id LIMIT ?", (row, index) -> new DeadLetter(row.getLong(1),
						row.getString(2), row.getString(3), row.getString(4), row.getInt(5), row.getString(6),
						instant(row.getTimestamp(7)), instant(row.getTimestamp(8))),
				limit);
	}

	/**
	 * Puts a dead letter back in the outbox, behind every event queued now.
	 * @param id the dead letter
	 * @return whether it existed
	 */
	boolean retryDeadLetter(long id) {
		return this.jdbc.update("WITH moved AS (DELETE FROM event_dead_letter WHERE id = ? "
				+ "RETURNING event_id, topic, record_key, payload) "
				+ "INSERT INTO event_outbox (event_id, topic, record_key, payload) "
				+ "SELECT event_id, topic, record_key, payload FROM moved", id) > 0;
	}

	boolean deleteDeadLetter(long id) {
		return this.jdbc.update("DELETE FROM event_dead_letter WHERE id = ?", id) > 0;
	}

	// The driver writes a ByteStreamWriter's bytes to the connection as they are; a byte[] parameter
	// it would copy first, which for an event of 1 MiB is 1 MiB more to collect.
	private static ByteStreamWriter payload(OutboxEvent event) {
		return new ByteBufferByteStreamWriter(ByteBuffer.wrap(event.payload()));
	}

	private static OutboxEvent event(ResultSet row) throws SQLException {
		return new OutboxEvent(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getBytes(5),
				row.getInt(6), instant(row.getTimestamp(7)));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * What the outbox holds.
	 *
	 * @param pending queued events
	 * @param pendingBytes their keys and payloads, in bytes
	 * @param oldest when the oldest of them was accepted, {@code null} when none is queued
	 * @param deadLetters events refused for good
	 */
	record Counts(long pending, long pendingBytes, Instant oldest, long deadLetters) {

		static final Counts NONE = new Counts(0, 0, null, 0);

	}

	/**
	 * An event the broker refused for good, and why.
	 *
	 * @param event the event
	 * @param error the broker's or the client's reason
	 */
	record Refusal(OutboxEvent event, String error) {
	}

}
