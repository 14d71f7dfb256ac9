package ai.xseven.mesh.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Checks that a body is one JSON document in UTF-8 by streaming through its tokens, without
 * building a tree of it, nor a text of it: a request of the largest size costs a strict decoding
 * into a small buffer and one pass of the parser over its bytes, and no more memory than the
 * body. Bytes in another encoding (UTF-16 or UTF-32, which a parser would detect and accept) are
 * refused, so that the document checked is the bytes passed on.
 */
public final class JsonDocuments {

	/** The deepest nesting of objects and arrays accepted. */
	public static final int MAX_DEPTH = 64;

	// Characters decoded at a time while the bytes are checked to be UTF-8.
	private static final int DECODED_AT_ONCE = 8192;

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
		.build();

	private JsonDocuments() {
	}

	/**
	 * Checks that a body is one JSON document in UTF-8.
	 * @param field the name of the part of the request, for the error
	 * @param body the bytes
	 * @throws InvalidRequestException when the bytes are not UTF-8 or not one JSON value
	 */
	public static void require(String field, byte[] body) {
		requireUtf8(field, body);
		String problem = problem(() -> parser(body));
		if (problem != null) {
			throw InvalidRequestException.of(field, problem);
		}
	}

	/**
	 * One string field of a body that is a JSON object, read by streaming through it: the other
	 * fields are skipped, never built into a tree, and nesting is bounded by {@link #MAX_DEPTH}.
	 * @param body the bytes, in UTF-8
	 * @param field the field
	 * @param maxLength its most characters
	 * @return its value
	 * @throws InvalidRequestException naming {@code body} when it is not UTF-8 or not valid JSON,
	 * or naming the field when the body is another JSON value than an object, or the field is
	 * missing, not a string, blank or too long
	 */
	public static String stringField(byte[] body, String field, int maxLength) {
		String value = null;
		requireUtf8("body", body);
		try (JsonParser parser = parser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				// Another JSON value has no field; a broken one is named as the body.
				parser.skipChildren();
				if (parser.currentToken() != null && parser.nextToken() != null) {
					throw InvalidRequestException.of("body", "must be one JSON value, with nothing after it");
				}
				throw InvalidRequestException.of(field, "must be a non-empty string");
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				boolean wanted = field.equals(parser.currentName());
				JsonToken token = parser.nextToken();
				if (wanted) {
					value = (token == JsonToken.VALUE_STRING) ? parser.getString() : null;
				}
				parser.skipChildren();
			}
			if (parser.nextToken() != null) {
				throw InvalidRequestException.of("body", "must be one JSON value, with nothing after it");
			}
		}
		catch (JacksonException ex) {
			throw InvalidRequestException.of("body", "is not valid JSON: " + ex.getOriginalMessage());
		}
		if (value == null || value.isBlank()) {
			throw InvalidRequestException.of(field, "must be a non-empty string");
		}
		if (value.length() > maxLength) {
			throw InvalidRequestException.of(field, "must be at most " + maxLength + " characters");
		}
		return value;
	}

	/**
	 * What is wrong with a document.
	 * @param text the document
	 * @return the problem, or {@code null} when it is exactly one JSON value
	 */
	public static String problem(String text) {
		return problem(() -> FACTORY.createParser(ObjectReadContext.empty(), text));
	}

	private static String problem(Supplier<JsonParser> source) {
		try (JsonParser parser = source.get()) {
			if (parser.nextToken() == null) {
				return "must be a JSON value";
			}
			parser.skipChildren();
			if (parser.nextToken() != null) {
				return "must be one JSON value, with nothing after it";
			}
			return null;
		}
		catch (JacksonException ex) {
			return "is not valid JSON: " + ex.getOriginalMessage();
		}
	}

	// A parser of the bytes, which are UTF-8: the parser would take them for UTF-16 or UTF-32 only
	// with a NUL among the first four or a byte order mark, and such a document is parsed as text.
	private static JsonParser parser(byte[] body) {
		boolean plain = !(body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF);
		for (int i = 0; plain && i < Math.min(4, body.length); i++) {
			plain = body[i] != 0;
		}
		return plain ? FACTORY.createParser(ObjectReadContext.empty(), body)
				: FACTORY.createParser(ObjectReadContext.empty(), new String(body, StandardCharsets.UTF_8));
	}

	// The strict decoder (it reports every malformed sequence instead of replacing it), writing into
	// one small buffer over and over: the body is never copied whole.
	private static void requireUtf8(String field, byte[] body) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
		ByteBuffer in = ByteBuffer.wrap(body);
		CharBuffer out = CharBuffer.allocate(Math.min(body.length + 1, DECODED_AT_ONCE));
		CoderResult result;
		do {
			out.clear();
			result = decoder.decode(in, out, true);
		}
		while (result.isOverflow());
		if (result.isUnderflow()) {
			do {
				out.clear();
				result = decoder.flush(out);
			}
			while (result.isOverflow());
		}
		if (result.isError()) {
			throw InvalidRequestException.of(field, "must be JSON in UTF-8");
		}
	}

}
