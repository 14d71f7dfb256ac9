package ai.xseven.mesh.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The versions of the runtime configuration in PostgreSQL, one row per applied change, each
 * written in one transaction: the overrides in force after it and what it changed. Every host
 * sharing the database sees the same versions.
 */
public class ConfigChangeStore {

	// Any fixed number; it serializes version numbering across instances.
	private static final long VERSION_LOCK = 7_245_771_004L;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactionTemplate;

	private final JsonMapper jsonMapper;

	public ConfigChangeStore(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate, JsonMapper jsonMapper) {
		this.jdbcTemplate = jdbcTemplate;
		this.transactionTemplate = transactionTemplate;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Stores a new version.
	 * @param source who made it: {@code api}, {@code rollback}, {@code file}
	 * @param overrides the overrides in force after it
	 * @param changes what it changed, by property: {@code old} and {@code new} values
	 * @return the stored version
	 */
	public StoredVersion save(String source, Map<String, Object> overrides, Map<String, Map<String, Object>> changes) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("overrides", overrides);
		document.put("changes", changes);
		String json = this.jsonMapper.writeValueAsString(document);
		return this.transactionTemplate.execute((status) -> {
			this.jdbcTemplate.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, VERSION_LOCK);
			Long version = this.jdbcTemplate.queryForObject("SELECT coalesce(max(version), 0) + 1 FROM config_change",
					Long.class);
			Instant appliedAt = Instant.now();
			this.jdbcTemplate.update(
					"INSERT INTO config_change (version, applied_at, source, changes) VALUES (?, ?, ?, ?::jsonb)", version,
					Timestamp.from(appliedAt), source, json);
			return new StoredVersion(version, appliedAt, source, overrides, changes);
		});
	}

	/**
	 * Asks the database a question that needs no table, to learn whether it answers.
	 */
	public void ping() {
		this.jdbcTemplate.queryForObject("SELECT 1", Integer.class);
	}

	/**
	 * The newest version.
	 * @return it, empty when nothing was ever changed
	 */
	public Optional<StoredVersion> latest() {
		return this.jdbcTemplate.query(
				"SELECT version, applied_at, source, changes FROM config_change ORDER BY version DESC LIMIT 1", this::row)
			.stream()
			.findFirst();
	}

	public Optional<StoredVersion> version(long version) {
		return this.jdbcTemplate
			.query("SELECT version, applied_at, source, changes FROM config_change WHERE version = ?", this::row, version)
			.stream()
			.findFirst();
	}

	/**
	 * Every version, newest first.
	 * @return the versions
	 */
	public List<StoredVersion> history() {
		return this.jdbcTemplate.query("SELECT version, applied_at, source, changes FROM config_change ORDER BY version DESC",
				this::row);
	}

	private StoredVersion row(ResultSet row, int index) throws SQLException {
		Map<String, Object> document = this.jsonMapper.readValue(row.getString(4), new TypeReference<>() {
		});
		@SuppressWarnings("unchecked")
		Map<String, Object> overrides = (Map<String, Object>) document.getOrDefault("overrides", Map.of());
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> changes = (Map<String, Map<String, Object>>) document.getOrDefault("changes",
				Map.of());
		return new StoredVersion(row.getLong(1), row.getTimestamp(2).toInstant(), row.getString(3), overrides, changes);
	}

	/**
	 * One version of the runtime configuration.
	 *
	 * @param version its number
	 * @param appliedAt when it was applied
	 * @param source who made it
	 * @param overrides the overrides in force after it
	 * @param changes what it changed, by property
	 */
	public record StoredVersion(long version, Instant appliedAt, String source, Map<String, Object> overrides,
			Map<String, Map<String, Object>> changes) {
	}

}
