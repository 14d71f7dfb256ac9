package ai.xseven.mesh.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The versions of the runtime configuration in PostgreSQL, one row per applied change, each
 * written in one transaction: the overrides in force after it and what it changed. Every host
 * sharing the database sees the same versions.
 */
public class ConfigChangeStore implements ConfigVersions {

	/** The channel on which a new version's number is announced to the fleet. */
	public static final String CHANNEL = "mesh_config";

	// Any fixed number; it serializes version numbering across instances.
	private static final long VERSION_LOCK = 7_245_771_004L;

	// A change waits this long for another instance's change to be stored, then fails.
	static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactionTemplate;

	private final JsonMapper jsonMapper;

	private final ConfigCipher cipher;

	/**
	 * @param jdbcTemplate the database
	 * @param transactionTemplate its transactions
	 * @param jsonMapper what writes and reads the rows' documents
	 * @param cipher what keeps secret values encrypted in the rows
	 */
	public ConfigChangeStore(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate, JsonMapper jsonMapper,
			ConfigCipher cipher) {
		this.jdbcTemplate = jdbcTemplate;
		this.transactionTemplate = transactionTemplate;
		this.jsonMapper = jsonMapper;
		this.cipher = cipher;
	}

	/**
	 * Stores a new version on top of the latest one, in one transaction that holds the fleet's
	 * version lock: the merge sees the latest stored overrides (whoever stored them), and the
	 * instances listening are told of the new version once it commits.
	 * @param source who made it: {@code api}, {@code rollback}, {@code file}
	 * @param instance the instance that made it
	 * @param merge the overrides in force after it, from the latest stored version; it may throw
	 * to store nothing
	 * @param changes what it changed, by property: {@code old} and {@code new} values
	 * @param configServer the config server's values of the host's settings in force after it,
	 * {@code null} to keep the latest version's
	 * @return the stored version
	 */
	@Override
	public StoredVersion save(String source, String instance, Merge merge, Map<String, Map<String, Object>> changes,
			Map<String, Object> configServer) {
		return locked(() -> {
			StoredVersion latest = latest().orElse(StoredVersion.BASELINE);
			Map<String, Object> overrides = merge.onto(latest);
			Map<String, Object> fetched = (configServer != null) ? configServer : latest.configServer();
			Map<String, Object> document = document(this.cipher.sealed(overrides), masked(changes),
					(fetched != null) ? this.cipher.sealed(fetched) : null);
			long version = latest.version() + 1;
			Instant appliedAt = Instant.now();
			this.jdbcTemplate.update("INSERT INTO config_change (version, applied_at, source, instance_id, changes) "
					+ "VALUES (?, ?, ?, ?, ?::jsonb)", version, Timestamp.from(appliedAt), source, instance,
					this.jsonMapper.writeValueAsString(document));
			this.jdbcTemplate.queryForObject("SELECT pg_notify(?, ?)", Object.class, CHANNEL, String.valueOf(version));
			return new StoredVersion(version, appliedAt, source, instance, overrides, changes, fetched);
		});
	}

	/**
	 * Rewrites the versions stored before secrets were kept encrypted (see {@link StoredSecrets}).
	 * @return how many versions were rewritten, and how many still hold a secret in clear
	 */
	@Override
	public Sealing sealStoredSecrets() {
		return new StoredSecrets(this, this.cipher).seal();
	}

	/**
	 * Replaces what a stored version keeps; called inside {@link #locked}.
	 * @param stored what it keeps now: values as stored, changes masked
	 */
	void rewrite(StoredVersion stored) {
		this.jdbcTemplate.update("UPDATE config_change SET changes = ?::jsonb WHERE version = ?",
				this.jsonMapper.writeValueAsString(document(stored.overrides(), stored.changes(), stored.configServer())),
				stored.version());
	}

	/**
	 * Runs work inside a transaction that holds the fleet's version lock, so that no version is
	 * stored meanwhile.
	 * @param <T> what the work gives
	 * @param work the work
	 * @return what it gave
	 */
	<T> T locked(Supplier<T> work) {
		return this.transactionTemplate.execute((status) -> {
			this.jdbcTemplate.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT.toMillis() + "ms'");
			this.jdbcTemplate.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, VERSION_LOCK);
			return work.get();
		});
	}

	// What a row keeps: runtime values and config-server values as stored, changes masked.
	private static Map<String, Object> document(Map<String, Object> overrides, Map<String, Map<String, Object>> changes,
			Map<String, Object> configServer) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("overrides", overrides);
		document.put("changes", changes);
		if (configServer != null) {
			document.put("configServer", configServer);
		}
		return document;
	}

	/**
	 * What {@link #sealStoredSecrets()} did.
	 *
	 * @param rewritten the versions rewritten
	 * @param inClear the versions that still hold a secret in clear, for want of a key
	 */
	public record Sealing(int rewritten, int inClear) {
	}

	// A change's secret values are not needed again once applied: the history shows them masked.
	static Map<String, Map<String, Object>> masked(Map<String, Map<String, Object>> changes) {
		Map<String, Map<String, Object>> masked = new LinkedHashMap<>();
		changes.forEach((name, change) -> {
			Map<String, Object> sides = new LinkedHashMap<>();
			change.forEach((side, value) -> sides.put(side, ConfigView.shown(name, value)));
			masked.put(name, sides);
		});
		return masked;
	}

	/**
	 * The number of the newest version, without reading it.
	 * @return it, 0 when nothing was ever changed
	 */
	@Override
	public long latestVersion() {
		Long version = this.jdbcTemplate.queryForObject("SELECT coalesce(max(version), 0) FROM config_change", Long.class);
		return (version != null) ? version : 0;
	}

	/**
	 * Asks the database a question that needs no table, to learn whether it answers.
	 */
	@Override
	public void ping() {
		this.jdbcTemplate.queryForObject("SELECT 1", Integer.class);
	}

	/**
	 * The newest version.
	 * @return it, empty when nothing was ever changed
	 */
	@Override
	public Optional<StoredVersion> latest() {
		return this.jdbcTemplate.query(
				"SELECT version, applied_at, source, instance_id, changes FROM config_change ORDER BY version DESC LIMIT 1", this::row)
			.stream()
			.findFirst()
			.map(this::opened);
	}

	public Optional<StoredVersion> version(long version) {
		return this.jdbcTemplate
			.query("SELECT version, applied_at, source, instance_id, changes FROM config_change WHERE version = ?", this::row, version)
			.stream()
			.findFirst()
			.map(this::opened);
	}

	private StoredVersion opened(StoredVersion stored) {
		return new StoredVersion(stored.version(), stored.appliedAt(), stored.source(), stored.instance(),
				this.cipher.opened(stored.version(), stored.overrides()), stored.changes(),
				(stored.configServer() != null) ? this.cipher.opened(stored.version(), stored.configServer()) : null);
	}

	/**
	 * Every version, newest first, as stored (secrets encrypted, but in clear in versions stored
	 * before secrets were encrypted), for the history: not for use.
	 * @return the versions
	 */
	public List<StoredVersion> history() {
		return this.jdbcTemplate.query("SELECT version, applied_at, source, instance_id, changes FROM config_change ORDER BY version DESC",
				this::row);
	}

	private StoredVersion row(ResultSet row, int index) throws SQLException {
		Map<String, Object> document = this.jsonMapper.readValue(row.getString(5), new TypeReference<>() {
		});
		@SuppressWarnings("unchecked")
		Map<String, Object> overrides = (Map<String, Object>) document.getOrDefault("overrides", Map.of());
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> changes = (Map<String, Map<String, Object>>) document.getOrDefault("changes",
				Map.of());
		@SuppressWarnings("unchecked")
		Map<String, Object> configServer = (Map<String, Object>) document.get("configServer");
		return new StoredVersion(row.getLong(1), row.getTimestamp(2).toInstant(), row.getString(3), row.getString(4),
				overrides, changes, configServer);
	}

	/**
	 * How a change's overrides follow from the latest stored version.
	 */
	@FunctionalInterface
	public interface Merge {

		/**
		 * The overrides in force after the change.
		 * @param latest the latest stored version, {@link StoredVersion#BASELINE} when there is none
		 * @return the overrides to store
		 */
		Map<String, Object> onto(StoredVersion latest);

	}

}
