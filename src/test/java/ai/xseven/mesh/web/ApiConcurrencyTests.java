package ai.xseven.mesh.web;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.metrics.MeshMeters;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ApiConcurrencyTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ApiConcurrency filter = new ApiConcurrency(BulkheadRegistry.ofDefaults(),
			Map.of("voice", 1, "events", 2), JsonMapper.builder().build(), this.meters);

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch entered = new CountDownLatch(1);

	private final AtomicInteger passed = new AtomicInteger();

	private final FilterChain holding = (request, response) -> {
		this.passed.incrementAndGet();
		this.entered.countDown();
		try {
			this.release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	};

	@Test
	void runsRightAfterSpringSecurityWhereverItsOrderIsSet() {
		SecurityFilterProperties security = new SecurityFilterProperties();
		assertThat(WebConfiguration.afterSecurity(security)).isEqualTo(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
		security.setOrder(-50);
		assertThat(WebConfiguration.afterSecurity(security)).isEqualTo(-49);
	}

	@Test
	void aRequestBeyondItsFamilysBoundIsRefusedAtOnceAndItsPlaceComesBackAfterwards() throws Exception {
		CompletableFuture<MockHttpServletResponse> first = CompletableFuture.supplyAsync(() -> send("/api/voice/stt"));
		assertThat(this.entered.await(10, TimeUnit.SECONDS)).isTrue();

		MockHttpServletResponse refused = send("/api/voice/tts");
		assertThat(refused.getStatus()).isEqualTo(503);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
		assertThat(refused.getContentAsString()).contains("/api/voice").contains("api.max-concurrent-requests.voice");
		assertThat(this.meters.counter(MeshMeters.API_REJECTED, MeshMeters.TAG_FAMILY, "voice").count()).isEqualTo(1);
		// Encoded, it is the same family.
		assertThat(send("/api/v%6Fice/tts").getStatus()).isEqualTo(503);

		// Another family has places of its own, also while this one is full.
		CompletableFuture<MockHttpServletResponse> other = CompletableFuture.supplyAsync(() -> send("/api/events/orders"));
		this.release.countDown();
		assertThat(other.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(first.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(send("/api/voice/tts").getStatus()).as("the place is given back").isEqualTo(200);
		assertThat(this.passed).hasValue(3);
		assertThat(refused.getHeader("Connection")).isEqualTo("close");
	}

	@Test
	void pathsOutsideTheKnownFamiliesPass() {
		assertThat(ApiConcurrency.family("/api/voice/tts")).isEqualTo("voice");
		assertThat(ApiConcurrency.family("/api/events")).isEqualTo("events");
		assertThat(ApiConcurrency.family("/health/system")).isNull();
		this.release.countDown();
		assertThat(send("/api/orders/42").getStatus()).isEqualTo(200);
		assertThat(send("/health/system").getStatus()).isEqualTo(200);
	}

	private MockHttpServletResponse send(String path) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		try {
			this.filter.doFilter(request, response, this.holding);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return response;
	}

}
