package ai.xseven.mesh.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Checks that bytes are one JSON document by streaming through its tokens, without building a
 * tree of it: a request of the largest size costs one pass and no more memory than the body.
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
	 * What is wrong with a document.
	 * @param body the bytes, UTF-8
	 * @return the problem, or {@code null} when it is exactly one JSON value
	 */
	public static String problem(byte[] body) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), body)) {
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
