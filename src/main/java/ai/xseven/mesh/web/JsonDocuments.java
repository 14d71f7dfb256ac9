package ai.xseven.mesh.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Checks that a body is one JSON document in UTF-8 by streaming through its tokens, without
 * building a tree of it: a request of the largest size costs one pass and no more memory than
 * the body. Bytes in another encoding (UTF-16 or UTF-32, which a parser would detect and accept)
 * are refused, so that the text checked is the text passed on.
 */
public final class JsonDocuments {

	/** The deepest nesting of objects and arrays accepted. */
	public static final int MAX_DEPTH = 64;

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
		.build();

	private JsonDocuments() {
	}

	/**
	 * The text of a body that is one JSON document.
	 * @param field the name of the part of the request, for the error
	 * @param body the bytes
	 * @return the document, decoded from UTF-8
	 * @throws InvalidRequestException when the bytes are not UTF-8 or not one JSON value
	 */
	public static String require(String field, byte[] body) {
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
		}
		catch (CharacterCodingException ex) {
			throw InvalidRequestException.of(field, "must be JSON in UTF-8");
		}
		String problem = problem(text);
		if (problem != null) {
			throw InvalidRequestException.of(field, problem);
		}
		return text;
	}

	/**
	 * What is wrong with a document.
	 * @param text the document
	 * @return the problem, or {@code null} when it is exactly one JSON value
	 */
	public static String problem(String text) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
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

}
