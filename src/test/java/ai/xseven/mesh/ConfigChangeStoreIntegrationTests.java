package ai.xseven.mesh;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.config.ConfigChangeStore;
import ai.xseven.mesh.config.ConfigCipher;
import ai.xseven.mesh.support.EmbeddedBackends;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versions stored before secrets were kept encrypted, in a real PostgreSQL: rewritten with their
 * changes masked and, given a key, their values encrypted, so that no row holds a secret in clear.
 */
class ConfigChangeStoreIntegrationTests {

	private static final String OLD_ROW = "{\"overrides\": {\"redis.password\": \"hunter2-in-clear\", "
			+ "\"redis.host\": \"cache-2\"}, \"changes\": {\"redis.password\": {\"old\": null, "
			+ "\"new\": \"hunter2-in-clear\"}, \"redis.host\": {\"old\": \"localhost\", \"new\": \"cache-2\"}}}";

	private JdbcTemplate jdbcTemplate;

	private TransactionTemplate transactions;

	@BeforeEach
	void database() {
		String name = EmbeddedBackends.createDatabase("xseven_config_store");
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:postgresql://localhost:" + EmbeddedBackends.postgresPort() + "/" + name, "postgres", "");
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.jdbcTemplate.update("INSERT INTO config_change (version, applied_at, source, changes) "
				+ "VALUES (1, now(), 'api', ?::jsonb)", OLD_ROW);
	}

	@Test
	void sealStoredSecretsWithAKeyShouldEncryptTheValuesAndMaskTheChanges() {
		ConfigChangeStore store = store(ConfigCipher.keyed("store-test-key"));

		ConfigChangeStore.Sealing sealing = store.sealStoredSecrets();

		assertThat(sealing).isEqualTo(new ConfigChangeStore.Sealing(1, 0));
		assertThat(row()).doesNotContain("hunter2-in-clear").contains(ConfigCipher.PREFIX).contains("cache-2");
		assertThat(store.latest().orElseThrow().overrides()).containsEntry("redis.password", "hunter2-in-clear")
			.containsEntry("redis.host", "cache-2");
		assertThat(store.sealStoredSecrets()).isEqualTo(new ConfigChangeStore.Sealing(0, 0));
	}

	@Test
	void sealStoredSecretsWithoutAKeyShouldMaskTheChangesAndCountWhatStaysInClear() {
		ConfigChangeStore store = store(ConfigCipher.of(new MockEnvironment()));

		ConfigChangeStore.Sealing sealing = store.sealStoredSecrets();

		assertThat(sealing).isEqualTo(new ConfigChangeStore.Sealing(1, 1));
		// The value is still needed to apply the version; the history never needs it.
		assertThat(this.jdbcTemplate.queryForObject("SELECT changes -> 'changes' ->> 'redis.password' FROM config_change",
				String.class)).doesNotContain("hunter2-in-clear");
		assertThat(store.latest().orElseThrow().overrides()).containsEntry("redis.password", "hunter2-in-clear");
	}

	private ConfigChangeStore store(ConfigCipher cipher) {
		return new ConfigChangeStore(this.jdbcTemplate, this.transactions, JsonMapper.builder().build(), cipher);
	}

	private String row() {
		return this.jdbcTemplate.queryForObject("SELECT changes::text FROM config_change WHERE version = 1", String.class);
	}

}
