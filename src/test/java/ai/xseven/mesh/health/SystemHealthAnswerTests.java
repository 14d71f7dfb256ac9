package ai.xseven.mesh.health;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.config.MeshInstance;
import ai.xseven.mesh.registry.ProbeResult;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.resilience.CircuitBreakersSettings;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.StartupMode;
import ai.xseven.mesh.startup.StartupStatus;
import ai.xseven.mesh.support.MovingClock;

import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health/system} is rendered once per change of what it shows, not per request.
 */
class SystemHealthAnswerTests {

	private final MovingClock clock = new MovingClock();

	private final ServiceRegistry registry = new ServiceRegistry(this.clock);

	private final CircuitManager circuits = new CircuitManager(CircuitBreakerRegistry.ofDefaults(),
			new CircuitBreakersSettings());

	private final HealthChecker checker;

	private final SystemHealthAnswer answer;

	SystemHealthAnswerTests() {
		this.checker = new HealthChecker(this.registry, (definition) -> null, this.circuits,
				() -> new StartupStatus(StartupMode.MESH, null, true, this.registry.snapshots()), this.registry::register,
				new HealthProperties(), new SimpleAsyncTaskExecutor("check-"), this.clock,
				new SimpleMeterRegistry());
		this.registry.addListener(this.checker);
		this.answer = new SystemHealthAnswer(this.checker, this.circuits,
				() -> new StartupStatus(StartupMode.MESH, null, true, this.registry.snapshots()),
				new FleetState(new MeshInstance("test"), this.clock.instant()), JsonMapper.builder().build(), this.clock);
	}

	@Test
	void anAnswerIsRenderedOncePerChangeOfWhatItShows() {
		AtomicBoolean healthy = new AtomicBoolean(true);
		this.registry.register(ServiceDefinition.builder("redis")
			.healthCheck(() -> healthy.get() ? ProbeResult.up() : ProbeResult.down("refused"))
			.build());
		this.registry.started("redis", Duration.ofMillis(1));
		this.checker.probe("redis").join();

		SystemHealthAnswer.Rendered first = this.answer.current();
		assertThat(this.answer.current()).isSameAs(first);
		assertThat(new String(first.body())).contains("\"status\":\"UP\"");

		healthy.set(false);
		this.checker.probe("redis").join();
		SystemHealthAnswer.Rendered second = this.answer.current();
		assertThat(second).isNotSameAs(first);
		assertThat(second.etag()).isNotEqualTo(first.etag());
		assertThat(second.status()).isEqualTo(SystemStatus.DEGRADED);
		assertThat(new String(second.body())).contains("refused");
		assertThat(this.answer.current()).isSameAs(second);

		// A breaker that opens shows at once.
		this.circuits.breaker("redis").transitionToForcedOpenState();
		SystemHealthAnswer.Rendered opened = this.answer.current();
		assertThat(opened).isNotSameAs(second);
		assertThat(new String(opened.body())).contains("FORCED_OPEN");
		second = opened;

		// A second later it is put together again, at its new time, under the same tag.
		this.clock.advance(Duration.ofSeconds(1));
		SystemHealthAnswer.Rendered later = this.answer.current();
		assertThat(later).isNotSameAs(second);
		assertThat(later.etag()).isEqualTo(second.etag());
	}

}
