package ai.xseven.mesh.web;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

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
	 * One string field of a request's JSON object body, read by streaming through it
	 * ({@link JsonDocuments#stringField}), never built into a tree.
	 * @param request the request
	 * @param limit most bytes accepted
	 * @param field the field
	 * @param maxLength its most characters
	 * @return its value
	 * @throws InvalidRequestException naming {@code body} when it is not valid JSON, or the field
	 * when the body is not an object or the field is missing, empty or too long
	 * @throws BodyTooLargeException when it is longer than the limit
	 * @throws IOException when it cannot be read
	 */
	public static String stringField(HttpServletRequest request, int limit, String field, int maxLength)
			throws IOException {
		return JsonDocuments.stringField(readBounded(request, limit), field, maxLength);
	}

	// Into one array of the declared length when there is one (a read in chunks would copy the
	// largest body twice over), else in chunks up to one byte past the limit.
	private static byte[] readBounded(HttpServletRequest request, int limit) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			throw new BodyTooLargeException(limit);
		}
		try (InputStream in = request.getInputStream()) {
			if (declared >= 0) {
				byte[] body = new byte[(int) declared];
				int read = in.readNBytes(body, 0, body.length);
				if (read < body.length) {
					throw new EOFException("The body ended after " + read + " of its " + declared + " bytes");
				}
				return body;
			}
			byte[] body = in.readNBytes(limit + 1);
			if (body.length > limit) {
				throw new BodyTooLargeException(limit);
			}
			return body;
		}
	}

}
