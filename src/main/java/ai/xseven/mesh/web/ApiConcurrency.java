package ai.xseven.mesh.web;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.metrics.MeshMeters;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Bounds how many requests of each {@code /api/<family>/…} endpoint family run at once, each
 * family with a Resilience4j {@link Bulkhead} that does not wait: a request beyond the bound is
 * answered 503 with {@code Retry-After} before its body is read, so a burst of large bodies costs
 * the heap at most the bound times the largest body. Paths of other families (routes an
 * embedding application adds) pass untouched.
 */
public final class ApiConcurrency extends OncePerRequestFilter {

	static final String PREFIX = "/api/";

	static final long RETRY_AFTER_SECONDS = 1;

	private final Map<String, Bulkhead> bulkheads;

	private final JsonMapper jsonMapper;

	private final MeterRegistry meterRegistry;

	public ApiConcurrency(BulkheadRegistry registry, Map<String, Integer> limits, JsonMapper jsonMapper,
			MeterRegistry meterRegistry) {
		this.bulkheads = limits.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
					(limit) -> registry.bulkhead("api-" + limit.getKey(), BulkheadConfig.custom()
						.maxConcurrentCalls(limit.getValue())
						.maxWaitDuration(java.time.Duration.ZERO)
						.build())));
		this.jsonMapper = jsonMapper;
		this.meterRegistry = meterRegistry;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Decoded and normalised, as the handler mapping sees it: /api/%65vents is /api/events.
		String family = family(UrlPathHelper.defaultInstance.getPathWithinApplication(request));
		Bulkhead bulkhead = (family != null) ? this.bulkheads.get(family) : null;
		if (bulkhead == null) {
			chain.doFilter(request, response);
			return;
		}
		if (!bulkhead.tryAcquirePermission()) {
			refuse(response, family, bulkhead.getBulkheadConfig().getMaxConcurrentCalls());
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			bulkhead.onComplete();
		}
	}

	static String family(String path) {
		if (!path.startsWith(PREFIX)) {
			return null;
		}
		int end = path.indexOf('/', PREFIX.length());
		return path.substring(PREFIX.length(), (end < 0) ? path.length() : end);
	}

	private void refuse(HttpServletResponse response, String family, int limit) throws IOException {
		Counter.builder(MeshMeters.API_REJECTED)
			.description("Requests to /api refused because their endpoint family ran its most at once")
			.tag(MeshMeters.TAG_FAMILY, family)
			.register(this.meterRegistry)
			.increment();
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
		// The body is not read: a large upload would otherwise be drained, or the connection reset.
		response.setHeader(HttpHeaders.CONNECTION, "close");
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), ApiError.of("Too many requests to " + PREFIX + family
				+ " at once (api.max-concurrent-requests." + family + " is " + limit + "); try again shortly."));
	}

}
