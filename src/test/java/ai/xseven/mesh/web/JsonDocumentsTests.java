package ai.xseven.mesh.web;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonDocumentsTests {

	@Test
	void oneValueOfAnyKindIsADocument() {
		assertThat(JsonDocuments.problem(bytes("{\"a\": [1, 2, {\"b\": null}]}"))).isNull();
		assertThat(JsonDocuments.problem(bytes("\"text\""))).isNull();
		assertThat(JsonDocuments.problem(bytes(" 42 "))).isNull();
	}

	@Test
	void emptyBrokenOrTrailingBodiesAreNamed() {
		assertThat(JsonDocuments.problem(bytes("  "))).isEqualTo("must be a JSON value");
		assertThat(JsonDocuments.problem(bytes("{\"a\": 1"))).startsWith("is not valid JSON: ");
		assertThat(JsonDocuments.problem(bytes("{} {}"))).isEqualTo("must be one JSON value, with nothing after it");
		assertThat(JsonDocuments.problem(new byte[] { '"', (byte) 0xC3, '"' })).startsWith("is not valid JSON: ");
	}

	@Test
	void nestingDeeperThanTheLimitIsRefused() {
		String deep = "[".repeat(JsonDocuments.MAX_DEPTH + 1) + "]".repeat(JsonDocuments.MAX_DEPTH + 1);
		String fits = "[".repeat(JsonDocuments.MAX_DEPTH) + "]".repeat(JsonDocuments.MAX_DEPTH);
		assertThat(JsonDocuments.problem(bytes(deep))).startsWith("is not valid JSON: ").contains("depth");
		assertThat(JsonDocuments.problem(bytes(fits))).isNull();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
