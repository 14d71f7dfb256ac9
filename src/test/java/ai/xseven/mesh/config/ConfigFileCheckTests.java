package ai.xseven.mesh.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ConfigFileCheckTests {

	@TempDir
	Path directory;

	@Test
	void missingFileIsFine() {
		assertThatNoException().isThrownBy(() -> ConfigFileCheck.check(this.directory.resolve("service_mesh.yml")));
	}

	@Test
	void wellFormedFileIsFine() throws IOException {
		Path file = Files.writeString(this.directory.resolve("service_mesh.yml"), "redis:\n  host: cache\n");
		assertThatNoException().isThrownBy(() -> ConfigFileCheck.check(file));
	}

	@Test
	void malformedFileIsNamedWithTheLineAtFault() throws IOException {
		Path file = Files.writeString(this.directory.resolve("service_mesh.yml"), "redis:\n  port: [oops\n");
		assertThatIllegalStateException().isThrownBy(() -> ConfigFileCheck.check(file))
			.withMessageStartingWith("Configuration file " + file + " is malformed: ")
			.withMessageContaining("line 2");
	}

	@Test
	void directoryInPlaceOfTheFileCannotBeRead() throws IOException {
		Path file = Files.createDirectory(this.directory.resolve("service_mesh.yml"));
		assertThatIllegalStateException().isThrownBy(() -> ConfigFileCheck.check(file))
			.withMessageStartingWith("Configuration file " + file + " cannot be read");
	}

}
