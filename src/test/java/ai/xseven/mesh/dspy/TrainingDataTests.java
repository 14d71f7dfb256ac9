package ai.xseven.mesh.dspy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TrainingDataTests {

	@TempDir
	Path directory;

	private final TrainingData trainingData = new TrainingData(JsonMapper.builder().build());

	@Test
	void directoryIsReadFileByFileInNameOrderSkippingBlankLines() throws IOException {
		Files.writeString(this.directory.resolve("b.jsonl"), "{\"input\": \"b1\", \"output\": \"B1\"}\n");
		Files.writeString(this.directory.resolve("a.jsonl"),
				"{\"input\": \"a1\", \"output\": \"A1\"}\n\n{\"input\": \"a2\", \"output\": \"A2\"}\n");
		Files.writeString(this.directory.resolve("notes.txt"), "not examples");
		assertThat(this.trainingData.load(this.directory)).extracting(Example::input).containsExactly("a1", "a2", "b1");
	}

	@Test
	void malformedLineIsNamedWithItsFileAndNumber() throws IOException {
		Path file = Files.writeString(this.directory.resolve("examples.jsonl"),
				"{\"input\": \"a\", \"output\": \"b\"}\n{\"input\": \"a\", \"output\": \n");
		assertThatExceptionOfType(TrainingDataException.class).isThrownBy(() -> this.trainingData.load(file))
			.withMessageStartingWith(file + " line 2: not valid JSON");
	}

	@Test
	void lineWithoutStringFieldsIsNamed() throws IOException {
		Path file = Files.writeString(this.directory.resolve("examples.jsonl"), "{\"input\": 1, \"output\": \"b\"}\n");
		assertThatExceptionOfType(TrainingDataException.class).isThrownBy(() -> this.trainingData.load(file))
			.withMessage(file + " line 1: must be an object with string fields \"input\" and \"output\"");
	}

	@Test
	void missingOrEmptyDataIsNamed() throws IOException {
		Path missing = this.directory.resolve("missing.jsonl");
		assertThatExceptionOfType(TrainingDataException.class).isThrownBy(() -> this.trainingData.load(missing))
			.withMessage(missing + ": no such file or directory");
		Path empty = Files.writeString(this.directory.resolve("empty.jsonl"), "\n");
		assertThatExceptionOfType(TrainingDataException.class).isThrownBy(() -> this.trainingData.load(empty))
			.withMessage(empty + ": no examples");
	}

}
