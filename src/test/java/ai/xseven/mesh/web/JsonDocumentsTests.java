package ai.xseven.mesh.web;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class JsonDocumentsTests {

	@Test
	void oneValueOfAnyKindIsADocument() {
		assertThat(JsonDocuments.problem("{\"a\": [1, 2, {\"b\": null}]}")).isNull();
		assertThat(JsonDocuments.problem("\"text\"")).isNull();
		assertThat(JsonDocuments.problem(" 42 ")).isNull();
	}

	@Test
	void emptyBrokenOrTrailingBodiesAreNamed() {
		assertThat(JsonDocuments.problem("  ")).isEqualTo("must be a JSON value");
		assertThat(JsonDocuments.problem("{\"a\": 1")).startsWith("is not valid JSON: ");
		assertThat(JsonDocuments.problem("{} {}")).isEqualTo("must be one JSON value, with nothing after it");
	}

	@Test
	void nestingDeeperThanTheLimitIsRefused() {
		String deep = "[".repeat(JsonDocuments.MAX_DEPTH + 1) + "]".repeat(JsonDocuments.MAX_DEPTH + 1);
		String fits = "[".repeat(JsonDocuments.MAX_DEPTH) + "]".repeat(JsonDocuments.MAX_DEPTH);
		assertThat(JsonDocuments.problem(deep)).startsWith("is not valid JSON: ").contains("depth");
		assertThat(JsonDocuments.problem(fits)).isNull();
	}

	@Test
	void utf8IsCheckedWhereverACharacterFallsInTheBufferItIsDecodedInto() {
		// The decoder writes 8192 characters at a time: an emoji (two of them) and a broken one
		// land on every side of that bound.
		for (int before = 8185; before < 8195; before++) {
			String document = "\"" + "a".repeat(before) + "Zoë ☕ \uD83D\uDE00\"";
			byte[] body = document.getBytes(StandardCharsets.UTF_8);
			assertThatNoException().as("%d characters before", before)
				.isThrownBy(() -> JsonDocuments.require("body", body));
			byte[] broken = body.clone();
			broken[broken.length - 2] = 'A'; // the emoji's last byte, now not a continuation byte
			assertThatExceptionOfType(InvalidRequestException.class).as("%d characters before", before)
				.isThrownBy(() -> JsonDocuments.require("body", broken))
				.satisfies((ex) -> assertThat(ex.getDetails().get(0).message()).isEqualTo("must be JSON in UTF-8"));
		}
	}

	@Test
	void bytesThatAreNotUtf8AreRefusedEvenWhenAParserWouldReadThem() {
		// UTF-16 is valid JSON to a parser that detects the encoding, and not the text that would be sent.
		byte[] utf16 = "{\"a\": 1}".getBytes(StandardCharsets.UTF_16);
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JsonDocuments.require("body", utf16))
			.satisfies((ex) -> assertThat(ex.getDetails()).containsExactly(new ApiError.FieldError("body", "must be JSON in UTF-8")));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JsonDocuments.require("body", new byte[] { '"', (byte) 0xC3, '"' }))
			.satisfies((ex) -> assertThat(ex.getDetails()).containsExactly(new ApiError.FieldError("body", "must be JSON in UTF-8")));
		// Without a byte order mark, UTF-16 decodes as UTF-8 with NUL characters, which JSON refuses.
		byte[] utf16le = "{\"a\": 1}".getBytes(StandardCharsets.UTF_16LE);
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JsonDocuments.require("body", utf16le));
	}

	@Test
	void aStringFieldIsReadAndTheRestSkipped() {
		byte[] body = "{\"other\": {\"deep\": [1, {\"x\": \"y\"}]}, \"text\": \"Zoë ☕\", \"n\": 2}"
			.getBytes(StandardCharsets.UTF_8);
		assertThat(JsonDocuments.stringField(body, "text", 10)).isEqualTo("Zoë ☕");
	}

	@Test
	void aMissingWrongOrTooLongFieldIsNamed() {
		assertFieldError("{\"other\": \"a\"}", "text", "must be a non-empty string");
		assertFieldError("{\"text\": 42}", "text", "must be a non-empty string");
		assertFieldError("{\"text\": {\"a\": \"b\"}}", "text", "must be a non-empty string");
		assertFieldError("{\"text\": \"  \"}", "text", "must be a non-empty string");
		assertFieldError("[\"text\"]", "text", "must be a non-empty string");
		assertFieldError("{\"text\": \"eleven char\"}", "text", "must be at most 10 characters");
	}

	@Test
	void aBrokenDeepOrTrailingBodyIsNamedAsTheBody() {
		String deep = "{\"a\": " + "[".repeat(JsonDocuments.MAX_DEPTH) + "]".repeat(JsonDocuments.MAX_DEPTH) + "}";
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JsonDocuments.stringField(deep.getBytes(StandardCharsets.UTF_8), "text", 10))
			.satisfies((ex) -> assertThat(ex.getDetails()).singleElement()
				.satisfies((error) -> assertThat(error.message()).contains("depth")));
		assertFieldError("{\"text\": \"a\"", "body", "is not valid JSON: ");
		assertFieldError("[1, ", "body", "is not valid JSON: ");
		assertFieldError("42 43", "body", "must be one JSON value, with nothing after it");
		assertFieldError("{\"text\": \"a\"} {}", "body", "must be one JSON value, with nothing after it");
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JsonDocuments.stringField("{\"text\": \"a\"}".getBytes(StandardCharsets.UTF_16), "text", 10))
			.satisfies((ex) -> assertThat(ex.getDetails()).containsExactly(new ApiError.FieldError("body", "must be JSON in UTF-8")));
	}

	private static void assertFieldError(String body, String field, String message) {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> JsonDocuments.stringField(body.getBytes(StandardCharsets.UTF_8), "text", 10))
			.satisfies((ex) -> assertThat(ex.getDetails()).singleElement().satisfies((error) -> {
				assertThat(error.field()).isEqualTo(field);
				assertThat(error.message()).startsWith(message);
			}));
	}

}
