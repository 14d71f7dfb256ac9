package ai.xseven.mesh.config;

import java.util.List;
import java.util.Map;

/**
 * A rule that relates settings of one or more sections, checked after each section is valid on
 * its own: at start, and for every candidate configuration before it is put in force.
 */
@FunctionalInterface
public interface SectionRule {

	/**
	 * Checks bound sections.
	 * @param sections every section by its prefix ({@code health}, {@code kafka}, …)
	 * @return every error, each naming the setting at fault and what it must be; empty when the
	 * rule holds
	 */
	List<ConfigError> check(Map<String, Object> sections);

}
