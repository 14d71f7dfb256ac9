package ai.xseven.mesh.config.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.xseven.mesh.config.ConfigView;

/**
 * What a change did, with values as they may be shown.
 *
 * @param version the version in force afterwards
 * @param changes each changed setting with its old and new value
 * @param restarted the services restarted (for a dry run: that would be)
 * @param dryRun whether nothing was applied
 * @param restartRequired the changed settings in force only from the next start
 */
public record ChangeOutcome(long version, Map<String, Map<String, Object>> changes, List<String> restarted, boolean dryRun,
		List<String> restartRequired) {

	public Map<String, Map<String, Object>> shownChanges() {
		Map<String, Map<String, Object>> shown = new LinkedHashMap<>();
		this.changes.forEach((name, change) -> {
			Map<String, Object> masked = new LinkedHashMap<>();
			change.forEach((side, value) -> masked.put(side, ConfigView.shown(name,
					(value != null) ? value.toString() : null)));
			shown.put(name, masked);
		});
		return shown;
	}

}
