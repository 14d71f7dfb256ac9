package ai.xseven.mesh.support;

import java.net.http.HttpClient;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The HTTP client of the tests: the JDK's, which sends each request once. (The client picked
 * from the classpath could be one that repeats a request answered 503 with {@code Retry-After},
 * which would hide what the host answered.)
 */
public final class TestHttp {

	private TestHttp() {
	}

	public static RestTestClient client(int port) {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		return RestTestClient.bindToServer(new JdkClientHttpRequestFactory(client))
			.baseUrl("http://localhost:" + port)
			.build();
	}

}
