package ai.xseven.mesh.dspy;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The trained demonstrations of each model in PostgreSQL; a training run replaces a model's set
 * in one transaction, so that predictions never see half of one.
 */
class DemonstrationStore {

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactionTemplate;

	DemonstrationStore(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate) {
		this.jdbcTemplate = jdbcTemplate;
		this.transactionTemplate = transactionTemplate;
	}

	/**
	 * The trained set of a model.
	 * @param model the model
	 * @return its demonstrations in order, empty when it was never trained
	 */
	List<Example> load(String model) {
		return this.jdbcTemplate.query("SELECT input, output FROM dspy_demonstration WHERE model = ? ORDER BY position",
				(row, index) -> new Example(row.getString(1), row.getString(2)), model);
	}

	/**
	 * Replaces the trained set of a model.
	 * @param model the model
	 * @param demonstrations its new set
	 */
	void replace(String model, List<Example> demonstrations) {
		this.transactionTemplate.executeWithoutResult((status) -> {
			this.jdbcTemplate.update("DELETE FROM dspy_demonstration WHERE model = ?", model);
			List<Object[]> rows = new ArrayList<>();
			for (int i = 0; i < demonstrations.size(); i++) {
				rows.add(new Object[] { model, i, demonstrations.get(i).input(), demonstrations.get(i).output() });
			}
			this.jdbcTemplate.batchUpdate(
					"INSERT INTO dspy_demonstration (model, position, input, output) VALUES (?, ?, ?, ?)", rows);
		});
	}

}
