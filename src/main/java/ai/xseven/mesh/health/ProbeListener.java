package ai.xseven.mesh.health;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.web.ApiError;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The listener of {@code mesh.probe-port}: a second HTTP port for Kubernetes' probes, a
 * balancer's checks and Prometheus, answered by the same application as the main port but through
 * a connector of its own, with its own poller and its own {@value #THREADS} threads. Probes then
 * never wait for a thread, or for the poller, behind the traffic of the main port: 64 clients
 * posting the largest bodies, or 200 requests held by a frozen provider, take the main port's
 * threads and not these. It serves {@code GET} and {@code HEAD} of {@code /health/**},
 * {@code /actuator/health/**}, {@code /actuator/info} and {@code /actuator/prometheus}; every
 * other request on it is answered 404 before it reaches the application's filters.
 */
final class ProbeListener extends OncePerRequestFilter {

	/**
	 * Enough for a kubelet's two probes, a balancer and a scrape at once; more would only add
	 * threads that compete for the cores with the main port's.
	 */
	static final int THREADS = 4;

	private static final String PROPERTY = ProbeListenerConfiguration.PROPERTY;

	private static final Set<String> METHODS = Set.of("GET", "HEAD");

	private static final Set<String> PATHS = Set.of("/actuator/info", "/actuator/prometheus");

	private static final Set<String> PREFIXES = Set.of("/health", "/actuator/health");

	private final int port;

	private final JsonMapper jsonMapper;

	ProbeListener(int port, JsonMapper jsonMapper) {
		this.port = port;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * The probe port as set, checked: a port of its own, never 0 (a port Tomcat would pick, which
	 * the filter could not tell from the main one's).
	 * @param value {@code mesh.probe-port}
	 * @param serverPort {@code server.port}
	 * @return the port
	 * @throws IllegalStateException naming the setting and what it must be
	 */
	static int port(String value, String serverPort) {
		int port;
		try {
			port = Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			port = -1;
		}
		if (port < 1 || port > 65535 || value.trim().equals(serverPort.trim())) {
			throw new IllegalStateException(PROPERTY + " (MESH_PROBE_PORT) must be a port from 1 to 65535 other than"
					+ " server.port, not '" + value + "'");
		}
		return port;
	}

	/**
	 * Whether the probe port serves a request: {@code path} is the request's path within the
	 * application, decoded and normalized by the server.
	 */
	static boolean serves(String method, String path) {
		if (!METHODS.contains(method)) {
			return false;
		}
		if (PATHS.contains(path)) {
			return true;
		}
		return PREFIXES.stream().anyMatch((prefix) -> path.equals(prefix) || path.startsWith(prefix + "/"));
	}

	// The main port's requests pass at once, before the filter marks them as filtered.
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getLocalPort() != this.port;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (serves(request.getMethod(), pathOf(request)) && plain(request)) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpStatus.NOT_FOUND.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), ApiError.of("Port " + this.port
				+ " (" + PROPERTY + ") answers only GET and HEAD of /health/**, /actuator/health/**, /actuator/info and"
				+ " /actuator/prometheus; the main port answers the rest"));
	}

	// The path as sent is the path the server normalized: no '..', no ';' parameters and nothing
	// encoded, so that what the application maps is what was checked here.
	private static boolean plain(HttpServletRequest request) {
		return request.getRequestURI().equals(request.getContextPath() + pathOf(request));
	}

	private static String pathOf(HttpServletRequest request) {
		String pathInfo = request.getPathInfo();
		return (pathInfo != null) ? request.getServletPath() + pathInfo : request.getServletPath();
	}

}
