package ai.xseven.mesh.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL expressions of the Grafana dashboard and the Prometheus alert rules under
 * {@code docker/}, and the metric names they read.
 */
public final class MonitoringFiles {

	public static final Path DASHBOARD = Path.of("docker", "grafana", "dashboards", "xseven-mesh.json");

	public static final Path ALERTS = Path.of("docker", "prometheus", "alerts.yml");

	public static final Path ALERT_TESTS = Path.of("docker", "prometheus", "alerts.test.yml");

	private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

	private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");

	private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");

	private static final Pattern LABEL_LISTS = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
			"on", "ignoring", "group_left", "group_right", "inf", "nan");

	private MonitoringFiles() {
	}

	/**
	 * Every panel target's expression of the dashboard.
	 * @return the expressions
	 */
	public static List<String> dashboardExpressions() {
		List<String> expressions = new ArrayList<>();
		collectTargets(JsonMapper.builder().build().readTree(DASHBOARD.toFile()).path("panels"), expressions);
		return expressions;
	}

	private static void collectTargets(JsonNode panels, List<String> expressions) {
		for (JsonNode panel : panels) {
			panel.path("targets").forEach((target) -> expressions.add(target.path("expr").asString()));
			collectTargets(panel.path("panels"), expressions);
		}
	}

	/**
	 * Every alert rule by name, with its expression.
	 * @return names and expressions
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, String> alertExpressions() {
		try (Reader reader = Files.newBufferedReader(ALERTS)) {
			Map<String, Object> document = new Yaml().load(reader);
			Map<String, String> rules = new LinkedHashMap<>();
			for (Map<String, Object> group : (List<Map<String, Object>>) document.get("groups")) {
				for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
					rules.put((String) rule.get("alert"), (String) rule.get("expr"));
				}
			}
			return rules;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The metric names an expression reads: its identifiers without label matchers, ranges,
	 * label lists, functions and keywords.
	 * @param expression PromQL
	 * @return the metric names
	 */
	public static Set<String> metricNames(String expression) {
		String bare = QUOTED.matcher(expression).replaceAll("\"\"");
		bare = MATCHERS.matcher(bare).replaceAll(" ");
		bare = RANGES.matcher(bare).replaceAll(" ");
		bare = LABEL_LISTS.matcher(bare).replaceAll(" ");
		Set<String> names = new TreeSet<>();
		Matcher matcher = IDENTIFIER.matcher(bare);
		while (matcher.find()) {
			String name = matcher.group(1);
			if (matcher.group(2) == null && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
				names.add(name);
			}
		}
		return names;
	}

}
