package ai.xseven.mesh.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.registry.Failures;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The fleet's heartbeat table: each instance renews its row, the database's clock says when, so
 * that the instances' clocks need not agree.
 */
public class InstanceStore {

	private static final Log logger = LogFactory.getLog(InstanceStore.class);

	private final JdbcTemplate jdbcTemplate;

	public InstanceStore(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * Renews an instance's row.
	 * @param id the instance
	 * @param startedAt when it started
	 * @param applied the configuration in force there
	 * @param status its system status
	 */
	public void heartbeat(String id, Instant startedAt, AppliedConfig applied, String status) {
		this.jdbcTemplate.update("""
				INSERT INTO mesh_instance (id, started_at, last_seen, config_version, config_error, status)
				VALUES (?, ?, now(), ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at, last_seen = now(),
				    config_version = excluded.config_version, config_error = excluded.config_error,
				    status = excluded.status""", id, Timestamp.from(startedAt), applied.version(), applied.error(),
				status);
	}

	/**
	 * The instances whose heartbeat is recent.
	 * @param within how recent
	 * @return them, by id
	 */
	public List<FleetMember> live(Duration within) {
		return this.jdbcTemplate.query("""
				SELECT id, started_at, last_seen, config_version, config_error, status FROM mesh_instance
				WHERE last_seen > now() - ? * interval '1 millisecond' ORDER BY id""", InstanceStore::member,
				within.toMillis());
	}

	/**
	 * Removes the rows of instances unseen for a while.
	 * @param unseen for how long
	 * @return how many were removed
	 */
	public int purge(Duration unseen) {
		return this.jdbcTemplate.update("DELETE FROM mesh_instance WHERE last_seen < now() - ? * interval '1 millisecond'",
				unseen.toMillis());
	}

	/**
	 * Removes an instance's row: it stops.
	 * @param id the instance
	 */
	/**
	 * Removes an instance's row, waiting for it at most the given time: a frozen database must
	 * not hold the host's stop. Failures are logged at DEBUG and otherwise ignored.
	 * @param id the instance
	 * @param wait the longest wait
	 */
	public void leave(String id, Duration wait) {
		Thread leaving = new Thread(() -> {
			try {
				leave(id);
			}
			catch (RuntimeException ex) {
				logger.debug("Instance " + id + "'s heartbeat row was not removed: " + Failures.describe(ex));
			}
		}, "mesh-fleet-leave");
		leaving.setDaemon(true);
		leaving.start();
		try {
			leaving.join(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public void leave(String id) {
		this.jdbcTemplate.update("DELETE FROM mesh_instance WHERE id = ?", id);
	}

	private static FleetMember member(ResultSet row, int index) throws SQLException {
		return new FleetMember(row.getString(1), row.getTimestamp(2).toInstant(), row.getTimestamp(3).toInstant(),
				row.getLong(4), row.getString(5), row.getString(6));
	}

}
