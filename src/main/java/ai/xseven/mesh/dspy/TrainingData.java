package ai.xseven.mesh.dspy;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the examples of {@code dspy.training-data-path}: one JSONL file, or every {@code .jsonl}
 * file of a directory in name order. Every error names the file and the line.
 */
final class TrainingData {

	private final JsonMapper jsonMapper;

	TrainingData(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Loads and validates the examples.
	 * @param location a file or a directory
	 * @return the examples, in file and line order
	 * @throws TrainingDataException naming the file, and the line where it applies
	 */
	List<Example> load(Path location) {
		if (!Files.exists(location)) {
			throw new TrainingDataException(location + ": no such file or directory");
		}
		List<Example> examples = new ArrayList<>();
		for (Path file : files(location)) {
			examples.addAll(read(file));
		}
		if (examples.isEmpty()) {
			throw new TrainingDataException(location + ": no examples");
		}
		return List.copyOf(examples);
	}

	private List<Path> files(Path location) {
		if (!Files.isDirectory(location)) {
			return List.of(location);
		}
		try (Stream<Path> entries = Files.list(location)) {
			return entries.filter((file) -> file.getFileName().toString().endsWith(".jsonl")).sorted().toList();
		}
		catch (IOException ex) {
			throw new TrainingDataException(location + ": cannot be listed (" + ex.getMessage() + ")");
		}
	}

	private List<Example> read(Path file) {
		List<Example> examples = new ArrayList<>();
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (!line.isBlank()) {
					examples.add(parse(file, number, line));
				}
			}
		}
		catch (IOException ex) {
			throw new TrainingDataException(file + ": cannot be read (" + ex.getMessage() + ")");
		}
		return examples;
	}

	private Example parse(Path file, int number, String line) {
		JsonNode node;
		try {
			node = this.jsonMapper.readTree(line);
		}
		catch (JacksonException ex) {
			throw new TrainingDataException(file + " line " + number + ": not valid JSON (" + ex.getOriginalMessage() + ")");
		}
		String input = text(node, "input");
		String output = text(node, "output");
		if (input == null || output == null) {
			throw new TrainingDataException(file + " line " + number
					+ ": must be an object with string fields \"input\" and \"output\"");
		}
		return new Example(input, output);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = (node != null && node.isObject()) ? node.get(field) : null;
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
