package ai.xseven.mesh.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One scrape of {@code /actuator/prometheus} in the text format: its families with their help
 * texts, and what Prometheus' own {@code promtool check metrics} says of it.
 */
public final class PrometheusScrape {

	private final String text;

	private final Map<String, String> helpByFamily = new LinkedHashMap<>();

	public PrometheusScrape(String text) {
		this.text = text;
		// Every family has a TYPE line; its HELP line may be missing.
		text.lines().filter((line) -> line.startsWith("# TYPE ")).forEach((line) -> {
			String rest = line.substring("# TYPE ".length());
			this.helpByFamily.put(rest.substring(0, rest.indexOf(' ')), "");
		});
		text.lines().filter((line) -> line.startsWith("# HELP ")).forEach((line) -> {
			String rest = line.substring("# HELP ".length());
			int space = rest.indexOf(' ');
			this.helpByFamily.put((space < 0) ? rest : rest.substring(0, space),
					(space < 0) ? "" : rest.substring(space + 1).strip());
		});
	}

	/**
	 * The families, each with its help text ("" when it has none).
	 * @return names and help texts, in the scrape's order
	 */
	public Map<String, String> families() {
		return this.helpByFamily;
	}

	/**
	 * The names of the series the scrape carries, e.g. {@code mesh_service_health_check_seconds_count}.
	 * @return the names
	 */
	public Set<String> seriesNames() {
		Set<String> names = new TreeSet<>();
		this.text.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).forEach((line) -> {
			int end = 0;
			while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
				end++;
			}
			names.add(line.substring(0, end));
		});
		return names;
	}

	public int lines() {
		return (int) this.text.lines().count();
	}

	public int bytes() {
		return this.text.getBytes(StandardCharsets.UTF_8).length;
	}

	/**
	 * {@code promtool} on the path, if this machine has it ({@code .ci/run} installs it).
	 * @return its path
	 */
	public static Optional<Path> promtool() {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(directory, "promtool");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * What {@code promtool check metrics} reports on this scrape, one problem a line.
	 * @param promtool the tool
	 * @return the problems, none when it is satisfied
	 */
	public List<String> promtoolProblems(Path promtool) {
		try {
			Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
				.start();
			try (var in = process.getOutputStream()) {
				in.write(this.text.getBytes(StandardCharsets.UTF_8));
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("promtool check metrics did not finish in 30 s");
			}
			return output.lines().filter((line) -> !line.isBlank()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
