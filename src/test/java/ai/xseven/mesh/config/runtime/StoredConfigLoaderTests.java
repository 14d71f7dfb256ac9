package ai.xseven.mesh.config.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.config.StoredVersion;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceRegistry;

import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StoredConfigLoaderTests {

	private static final StoredVersion STORED = new StoredVersion(3, Instant.EPOCH, "admin", "a",
			Map.of("redis.host", "cache-2"), Map.of());

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final ServiceRegistry registry = new ServiceRegistry(Clock.systemUTC());

	private final CountDownLatch thaw = new CountDownLatch(1);

	private final CountDownLatch read = new CountDownLatch(1);

	private volatile boolean pingHangs;

	private volatile boolean migrationHangs;

	private final StoredChanges changes = new StoredChanges() {

		@Override
		public void ping() {
			StoredConfigLoaderTests.this.events.add("ping");
			if (StoredConfigLoaderTests.this.pingHangs) {
				awaitThaw();
			}
		}

		@Override
		public void seal() {
			StoredConfigLoaderTests.this.events.add("seal");
		}

		@Override
		public Optional<StoredVersion> read() {
			StoredConfigLoaderTests.this.events.add("read");
			StoredConfigLoaderTests.this.read.countDown();
			return Optional.of(STORED);
		}

		@Override
		public boolean apply(StoredVersion version) {
			StoredConfigLoaderTests.this.events.add("apply " + version.version());
			return true;
		}

	};

	private final StoredConfigLoader loader = new StoredConfigLoader(this.changes, () -> {
		this.events.add("migrate");
		if (this.migrationHangs) {
			awaitThaw();
		}
	}, this.registry, new SimpleAsyncTaskExecutor("stored-"), () -> Duration.ofMillis(300));

	StoredConfigLoaderTests() {
		this.registry.register(ServiceDefinition.builder("database").build());
	}

	@AfterEach
	void thaw() {
		this.thaw.countDown();
	}

	@Test
	void storedVersionIsReadAfterTheSchemaMigrationAndApplied() {
		this.loader.prepare();
		assertThat(this.events).containsExactly("ping", "migrate", "seal", "read", "apply 3");
	}

	@Test
	void unreachableDatabaseHoldsTheStartUpByTheAnswerTimeoutThenAppliesOnceTheDatabaseRuns() {
		this.pingHangs = true;
		long began = System.nanoTime();
		this.loader.prepare();
		long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
		assertThat(tookMs).isBetween(StoredConfigLoader.ANSWER_TIMEOUT.toMillis() - 100,
				StoredConfigLoader.ANSWER_TIMEOUT.toMillis() * 5);
		assertThat(this.events).containsExactly("ping");

		this.registry.started("database", Duration.ofMillis(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.events.contains("apply 3"));
		assertThat(this.events).containsExactly("ping", "seal", "read", "apply 3");
	}

	@Test
	void readThatEndsAfterItsWaitIsNeverAppliedLate() throws InterruptedException {
		this.migrationHangs = true;
		this.loader.prepare();
		this.thaw.countDown();
		assertThat(this.read.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.events).containsExactly("ping", "migrate", "seal", "read");
	}

	private void awaitThaw() {
		try {
			this.thaw.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
