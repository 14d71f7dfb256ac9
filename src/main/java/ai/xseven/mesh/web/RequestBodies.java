package ai.xseven.mesh.web;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies without ever holding more than their limit in memory.
 */
public final class RequestBodies {

	private RequestBodies() {
	}

	/**
	 * The whole body of a request.
	 * @param request the request
	 * @param limit most bytes accepted
	 * @return the body
	 * @throws BodyTooLargeException when it is longer than the limit
	 * @throws IOException when it cannot be read
	 */
	public static byte[] read(HttpServletRequest request, int limit) throws IOException {
		return readBounded(request, limit);
	}

	/**
	 * The body of a request, parsed as JSON.
	 * @param request the request
	 * @param limit most bytes accepted
	 * @param jsonMapper the parser
	 * @return the body, {@code null} when it is empty
	 * @throws InvalidRequestException naming {@code body} when it is not JSON
	 * @throws BodyTooLargeException when it is longer than the limit
	 * @throws IOException when it cannot be read
	 */
	public static JsonNode json(HttpServletRequest request, int limit, JsonMapper jsonMapper) throws IOException {
		try {
			return jsonMapper.readTree(readBounded(request, limit));
		}
		catch (JacksonException ex) {
			throw InvalidRequestException.of("body", "is not valid JSON: " + ex.getOriginalMessage());
		}
	}

	/**
	 * A non-empty string field of a JSON body.
	 * @param body the body
	 * @param field the field
	 * @param maxLength its most characters
	 * @return its value
	 * @throws InvalidRequestException naming the field when it is missing, empty or too long
	 */
	public static String text(JsonNode body, String field, int maxLength) {
		JsonNode value = (body != null && body.isObject()) ? body.get(field) : null;
		if (value == null || !value.isString() || value.asString().isBlank()) {
			throw InvalidRequestException.of(field, "must be a non-empty string");
		}
		if (value.asString().length() > maxLength) {
			throw InvalidRequestException.of(field, "must be at most " + maxLength + " characters");
		}
		return value.asString();
	}

	private static byte[] readBounded(HttpServletRequest request, int limit) throws IOException {
		if (request.getContentLengthLong() > limit) {
			throw new BodyTooLargeException(limit);
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes(limit + 1);
			if (body.length > limit) {
				throw new BodyTooLargeException(limit);
			}
			return body;
		}
	}

}
