package ai.xseven.mesh.resilience;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

class ProviderCallPolicyTests {

	@Test
	void callBeyondTheExecutorsLimitIsRefusedAtOnceNotQueued() throws Exception {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("provider-");
		executor.setConcurrencyLimit(1);
		executor.setRejectTasksWhenLimitReached(true);
		CircuitBreaker breaker = CircuitBreaker.ofDefaults("dspy");
		ProviderCallPolicy policy = new ProviderCallPolicy(() -> breaker, () -> Duration.ofSeconds(5), () -> Duration.ofMillis(10),
				(ex) -> ProviderCallPolicy.Failure.failed(), executor);
		CountDownLatch calling = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread first = new Thread(() -> {
			try {
				policy.call(() -> {
					calling.countDown();
					return release.await(5, TimeUnit.SECONDS);
				});
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		first.start();
		assertThat(calling.await(5, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> policy.call(() -> "second"));
		release.countDown();
		first.join(5_000);
		// The executor counts the first call out just after its result is handed over.
		await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
			.untilAsserted(() -> assertThat(policy.call(() -> "after")).isEqualTo("after"));
	}

	@Test
	void aTimeoutChangedAtRuntimeIsTheNextCallsDeadline() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("provider-");
		CircuitBreaker breaker = CircuitBreaker.ofDefaults("dspy");
		AtomicReference<Duration> timeout = new AtomicReference<>(Duration.ofSeconds(5));
		ProviderCallPolicy policy = new ProviderCallPolicy(() -> breaker, timeout::get, () -> Duration.ofMillis(10),
				(ex) -> ProviderCallPolicy.Failure.failed(), executor);
		Callable<String> slow = () -> {
			Thread.sleep(600);
			return "answer";
		};
		assertThatNoException().isThrownBy(() -> assertThat(policy.call(slow)).isEqualTo("answer"));
		// dspy.timeout (or voice.timeout) changed at runtime: the same policy, a shorter deadline,
		// which the same call no longer meets.
		timeout.set(Duration.ofMillis(200));
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> policy.call(slow));
	}

}
