package ai.xseven.mesh.web;

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
