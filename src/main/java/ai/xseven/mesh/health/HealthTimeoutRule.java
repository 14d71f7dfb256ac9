package ai.xseven.mesh.health;

import java.util.List;
import java.util.Map;

import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.SectionRule;

/**
 * {@code health.timeout} is shorter than {@code health.interval}: a round's checks end before the
 * next round begins.
 */
public class HealthTimeoutRule implements SectionRule {

	@Override
	public List<ConfigError> check(Map<String, Object> sections) {
		if (sections.get("health") instanceof HealthProperties health && health.getTimeout() != null
				&& health.getInterval() != null && health.getTimeout().compareTo(health.getInterval()) >= 0) {
			return List.of(new ConfigError("health.timeout",
					"must be shorter than health.interval (" + health.getInterval() + "), so that a round's checks end "
							+ "before the next round"));
		}
		return List.of();
	}

}
