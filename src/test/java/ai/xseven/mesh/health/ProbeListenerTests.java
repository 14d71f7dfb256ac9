package ai.xseven.mesh.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProbeListenerTests {

	static final int PROBE_PORT = 8001;

	@ParameterizedTest
	@CsvSource({ "GET, /health/system, true", "HEAD, /health/system, true", "GET, /health/service/redis, true",
			"GET, /health, true", "GET, /actuator/health, true", "GET, /actuator/health/readiness, true",
			"GET, /actuator/prometheus, true", "GET, /actuator/info, true", "POST, /health/system, false",
			"GET, /healthz, false", "GET, /actuator/healthy, false", "GET, /actuator/env, false",
			"GET, /actuator/prometheus/x, false", "GET, /admin/config, false", "POST, /api/events/a, false",
			"GET, /, false" })
	void servesOnlyTheReadsOfProbesAndScrapes(String method, String path, boolean served) {
		assertThat(ProbeListener.serves(method, path)).isEqualTo(served);
	}

	@Test
	void refusesWhatTheProbePortDoesNotServeBeforeAnyOtherFilter() throws Exception {
		MockHttpServletRequest request = request(PROBE_PORT, "POST", "/api/events/a");
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		listener().doFilter(request, response, chain);
		assertThat(chain.getRequest()).isNull();
		assertThat(response.getStatus()).isEqualTo(404);
		assertThat(response.getContentType()).isEqualTo("application/json");
		assertThat(response.getContentAsString()).contains("mesh.probe-port");
	}

	@Test
	void refusesAProbePathThatTheServerHadToNormalize() throws Exception {
		// Tomcat resolves the dots for the servlet path; Spring MVC would map the URI as sent.
		for (String sent : new String[] { "/admin/../health/system", "/health;x=1/system", "/health/%73ystem" }) {
			MockHttpServletRequest request = request(PROBE_PORT, "GET", "/health/system");
			request.setRequestURI(sent);
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockFilterChain chain = new MockFilterChain();
			listener().doFilter(request, response, chain);
			assertThat(chain.getRequest()).as(sent).isNull();
			assertThat(response.getStatus()).isEqualTo(404);
		}
	}

	@Test
	void theProbePortMustBeAPortOfItsOwn() {
		assertThat(ProbeListener.port(" 8001 ", "8000")).isEqualTo(8001);
		for (String bad : new String[] { "0", "", "8000", "65536", "-1", "probe" }) {
			assertThatIllegalStateException().as("'%s'", bad)
				.isThrownBy(() -> ProbeListener.port(bad, "8000"))
				.withMessageContaining("mesh.probe-port (MESH_PROBE_PORT) must be a port from 1 to 65535");
		}
	}

	@Test
	void passesProbesOnTheProbePortAndEverythingOnTheMainPort() throws Exception {
		for (MockHttpServletRequest request : new MockHttpServletRequest[] {
				request(PROBE_PORT, "GET", "/health/system"), request(8000, "POST", "/api/events/a") }) {
			MockFilterChain chain = new MockFilterChain();
			listener().doFilter(request, new MockHttpServletResponse(), chain);
			assertThat(chain.getRequest()).isSameAs(request);
		}
	}

	private static ProbeListener listener() {
		return new ProbeListener(PROBE_PORT, JsonMapper.builder().build());
	}

	private static MockHttpServletRequest request(int localPort, String method, String path) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setServletPath(path);
		request.setLocalPort(localPort);
		return request;
	}

}
