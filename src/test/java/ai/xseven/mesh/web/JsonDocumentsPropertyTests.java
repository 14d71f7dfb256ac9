package ai.xseven.mesh.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bytes of a body are parsed as bytes once they are known to be UTF-8: they must be accepted
 * exactly when the decoded text is, whatever the text. (The wording of a refusal may differ: the
 * parser of bytes reads {@code true☕} as one broken token where the parser of text reads
 * {@code true} and then something after it.)
 */
class JsonDocumentsPropertyTests {

	@Property(tries = 3000)
	void theBytesGetTheVerdictOfTheirText(@ForAll("texts") String text) {
		boolean expected = JsonDocuments.problem(text) == null;
		boolean accepted;
		try {
			JsonDocuments.require("body", text.getBytes(StandardCharsets.UTF_8));
			accepted = true;
		}
		catch (InvalidRequestException ex) {
			assertThat(ex.getDetails()).singleElement().satisfies((error) -> assertThat(error.field()).isEqualTo("body"));
			accepted = false;
		}
		assertThat(accepted).as("accepted: %s", text).isEqualTo(expected);
	}

	@Property(tries = 3000)
	void bytesAreRefusedAsNotUtf8ExactlyWhenTheStrictDecoderRefusesThem(@ForAll("bytes") byte[] body) {
		boolean utf8;
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
			utf8 = true;
		}
		catch (CharacterCodingException ex) {
			utf8 = false;
		}
		boolean refusedAsNotUtf8;
		try {
			JsonDocuments.require("body", body);
			refusedAsNotUtf8 = false;
		}
		catch (InvalidRequestException ex) {
			refusedAsNotUtf8 = ex.getDetails().get(0).message().equals("must be JSON in UTF-8");
		}
		assertThat(refusedAsNotUtf8).as("refused as not UTF-8: %s", Arrays.toString(body)).isEqualTo(!utf8);
	}

	@Test
	void aByteOrderMarkOrALeadingNulIsRefusedAsInTheText() {
		// A parser of bytes would skip the mark, or take NULs for UTF-16 or UTF-32.
		byte[] marked = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}' };
		byte[] nul = { 0, '{', 0, '}' };
		for (byte[] body : new byte[][] { marked, nul }) {
			assertThatExceptionOfType(InvalidRequestException.class)
				.isThrownBy(() -> JsonDocuments.require("body", body))
				.satisfies((ex) -> assertThat(ex.getDetails().get(0).message()).startsWith("is not valid JSON: "));
		}
	}

	// A string in quotes made of pieces of UTF-8, whole or broken: overlong forms, surrogates,
	// stray continuation bytes, the replacement character itself, code points past U+10FFFF.
	@Provide
	Arbitrary<byte[]> bytes() {
		Arbitrary<byte[]> pieces = Arbitraries.of(new byte[] { 'a' }, new byte[] { (byte) 0xC3, (byte) 0xA9 },
				new byte[] { (byte) 0xE2, (byte) 0x98, (byte) 0x95 }, new byte[] { (byte) 0xEF, (byte) 0xBF, (byte) 0xBD },
				new byte[] { (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80 }, new byte[] { (byte) 0xC3 },
				new byte[] { (byte) 0xA9 }, new byte[] { (byte) 0xC0, (byte) 0xAF },
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
				new byte[] { (byte) 0xFF }, new byte[] { (byte) 0xE2, (byte) 0x98 });
		return pieces.list().ofMaxSize(8).map((list) -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			out.write('"');
			list.forEach(out::writeBytes);
			out.write('"');
			return out.toByteArray();
		});
	}

	@Provide
	Arbitrary<String> texts() {
		Arbitrary<String> tokens = Arbitraries.of("{", "}", "[", "]", "\"", ":", ",", "\\", "\\u00e9", "0", "7", "-",
				".", "e", "true", "null", "fals", " ", "\t", "\n", "\u0000", "\u001f", "\ufeff", "é", "☕", "😀", "a");
		return tokens.list().ofMaxSize(24).map((parts) -> String.join("", parts));
	}

}
