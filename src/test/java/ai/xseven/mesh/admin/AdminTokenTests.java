package ai.xseven.mesh.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AdminTokenTests {

	@Test
	void configuredTokenMatchesOnlyItselfAndIsNeverLogged(CapturedOutput output) {
		AdminToken token = AdminToken.of("s3cret-token");
		assertThat(token.matches("s3cret-token")).isTrue();
		assertThat(token.matches("s3cret-tokeN")).isFalse();
		assertThat(token.matches("")).isFalse();
		assertThat(token.matches(null)).isFalse();
		assertThat(token).hasToString("AdminToken[******]");
		assertThat(output).doesNotContain("s3cret-token");
	}

	@Test
	void missingTokenIsGeneratedAndAnnouncedOnce(CapturedOutput output) {
		AdminToken token = AdminToken.of("");
		String line = output.getOut().lines().filter((l) -> l.contains("generated admin token")).findFirst().orElseThrow();
		String generated = line.replaceAll(".*generated admin token: (\\S+).*", "$1");
		assertThat(generated).hasSizeGreaterThanOrEqualTo(40);
		assertThat(token.matches(generated)).isTrue();
	}

}
