package ai.xseven.mesh.web;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequestWrapper;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestBodiesTests {

	@Test
	void aBodyOfDeclaredLengthIsReadWhole() throws Exception {
		assertThat(RequestBodies.read(request("{\"a\": 1}", -1), 8)).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\": 1}");
	}

	@Test
	void aBodyWithoutALengthIsReadUpToTheLimit() throws Exception {
		assertThat(RequestBodies.read(new WithoutLength(request("{\"a\": 1}", -1)), 8)).hasSize(8);
		assertThatExceptionOfType(BodyTooLargeException.class)
			.isThrownBy(() -> RequestBodies.read(new WithoutLength(request("{\"a\": 1}", -1)), 7));
	}

	@Test
	void aDeclaredLengthBeyondTheLimitIsRefusedBeforeReading() {
		assertThatExceptionOfType(BodyTooLargeException.class)
			.isThrownBy(() -> RequestBodies.read(request("{}", 9), 8));
	}

	@Test
	void aBodyShorterThanItsDeclaredLengthIsAnError() {
		assertThatExceptionOfType(EOFException.class)
			.isThrownBy(() -> RequestBodies.read(request("{}", 5), 8))
			.withMessage("The body ended after 2 of its 5 bytes");
	}

	// A request with the body given, declaring another length when one is given.
	private static MockHttpServletRequest request(String body, long declared) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/events/orders") {
			@Override
			public long getContentLengthLong() {
				return (declared >= 0) ? declared : super.getContentLengthLong();
			}
		};
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		return request;
	}

	private static final class WithoutLength extends HttpServletRequestWrapper {

		WithoutLength(MockHttpServletRequest request) {
			super(request);
		}

		@Override
		public long getContentLengthLong() {
			return -1;
		}

	}

}
