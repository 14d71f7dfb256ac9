package ai.xseven.mesh.config.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import ai.xseven.mesh.config.StoredVersion;
import ai.xseven.mesh.redis.RedisProperties;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one path every source of configuration takes, driven with {@code new} and fakes: a file
 * edit is put in force and recorded, or undone to the very instances that ran before; a dry run
 * changes nothing; concurrent changes each land on the latest version.
 */
class ConfigTransactionTests {

	private static final Path FILE = Path.of("mesh-test.yml");

	@Test
	void fileEditWhenItsServiceReconnectsShouldBeInForceRecordedAndRemovable() {
		ConfigReloaderPropertyTests.Fixture fixture = new ConfigReloaderPropertyTests.Fixture(Set.of(), false);

		Optional<ChangeOutcome> edited = fixture.reloader.reloadFile(FILE, reading("6390"));

		assertThat(edited).isPresent();
		assertThat(edited.get().restarted()).containsExactly("redis");
		assertThat(redis(fixture).getPort()).isEqualTo(6390);
		assertThat(fixture.stored).extracting(StoredVersion::source).containsExactly("file");
		assertThat(fixture.overrides.live().stream().map(PropertySource::getName)).anyMatch((name) -> name.contains(
				FILE.toString()));

		assertThat(fixture.reloader.reloadFile(FILE, null)).isPresent();

		assertThat(redis(fixture).getPort()).isEqualTo(6379);
		assertThat(fixture.overrides.live().stream().map(PropertySource::getName)).noneMatch((name) -> name.contains(
				FILE.toString()));
	}

	@Test
	void fileEditWhenItsServiceDoesNotReconnectShouldSwapBackTheVeryInstancesAndTheFile() {
		ConfigReloaderPropertyTests.Fixture fixture = new ConfigReloaderPropertyTests.Fixture(Set.of("redis"), false);
		Map<String, Object> before = fixture.sections.inForce();

		assertThat(fixture.reloader.reloadFile(FILE, reading("6390"))).isEmpty();

		Map<String, Object> after = fixture.sections.inForce();
		before.forEach((section, instance) -> assertThat(after.get(section)).as(section).isSameAs(instance));
		assertThat(fixture.overrides.live().stream().map(PropertySource::getName)).noneMatch((name) -> name.contains(
				FILE.toString()));
		assertThat(fixture.stored).isEmpty();
	}

	@Test
	void fileEditOfTheDatabasesAddressShouldWaitForTheNextStartAndNotHoldTheRestBack() {
		ConfigReloaderPropertyTests.Fixture fixture = new ConfigReloaderPropertyTests.Fixture(Set.of(), false);

		for (String port : List.of("6390", "6391")) {
			Optional<ChangeOutcome> edited = fixture.reloader.reloadFile(FILE, new MapPropertySource(
					"Config resource 'file [" + FILE + "]' (reloaded)",
					Map.of("redis.port", port, "database.host", "db-elsewhere")));

			assertThat(edited).isPresent();
			assertThat(edited.get().changes()).containsOnlyKeys("redis.port");
			assertThat(redis(fixture).getPort()).isEqualTo(Integer.parseInt(port));
			assertThat(fixture.sections.flatten("database")).containsEntry("database.host", "localhost");
			assertThat(fixture.environment.getProperty("database.host")).isNotEqualTo("db-elsewhere");
		}
		assertThat(fixture.stored).extracting(StoredVersion::source).containsExactly("file", "file");
	}

	@Test
	void refreshWhoseValueARuntimeValueShadowsShouldStillBeTheFleetsOnceTheRuntimeValueGoes() {
		ConfigReloaderPropertyTests.Fixture fixture = new ConfigReloaderPropertyTests.Fixture(Set.of(), false);
		String fetched = "configserver:http://config/xseven-mesh.yml";
		fixture.environment.getPropertySources().addLast(new MapPropertySource(fetched, Map.of("redis.timeout", "1s")));
		fixture.reloader.change(ConfigEdit.amend(Map.of("redis.timeout", "2s")), ChangeOptions.APPLY, "api",
				null);
		// The config client fetched anew (Spring Cloud replaced its property source), and told.
		fixture.environment.getPropertySources().replace(fetched,
				new MapPropertySource(fetched, Map.of("redis.timeout", "3s")));

		assertThat(fixture.reloader.reloadFromEnvironment()).isPresent();

		assertThat(fixture.stored.get(fixture.stored.size() - 1).configServer()).containsEntry("redis.timeout", "3s");
		Map<String, Object> removal = new HashMap<>();
		removal.put("redis.timeout", null);
		fixture.reloader.change(ConfigEdit.amend(removal), ChangeOptions.APPLY, "api", null);
		assertThat(redis(fixture).getTimeout()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void dryRunShouldTellWhatWouldRestartAndChangeNothing() {
		ConfigReloaderPropertyTests.Fixture fixture = new ConfigReloaderPropertyTests.Fixture(Set.of(), false);
		ConfigReloaderPropertyTests.Before before = fixture.before();

		ChangeOutcome outcome = fixture.reloader.change(ConfigEdit.amend(Map.of("redis.port", "6391")),
				new ChangeOptions(true, false, false), "api", null);

		assertThat(outcome.dryRun()).isTrue();
		assertThat(outcome.changes()).containsOnlyKeys("redis.port");
		assertThat(outcome.restarted()).containsExactly("redis");
		assertThat(fixture.before()).isEqualTo(before);
	}

	@Test
	void concurrentChangesOfDifferentSettingsShouldEachLandOnTheLatestVersion() throws Exception {
		ConfigReloaderPropertyTests.Fixture fixture = new ConfigReloaderPropertyTests.Fixture(Set.of(), false);
		int threads = 4;
		int changesEach = 10;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<CompletableFuture<Void>> done = new ArrayList<>();
			for (int thread = 0; thread < threads; thread++) {
				int t = thread;
				done.add(CompletableFuture.runAsync(() -> {
					awaitQuietly(start);
					for (int i = 0; i < changesEach; i++) {
						fixture.reloader.change(ConfigEdit.amend(Map.of(key(t, i), String.valueOf(10 + i))),
								ChangeOptions.APPLY, "api", null);
					}
				}, executor));
			}
			start.countDown();
			CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(fixture.stored).extracting(StoredVersion::version)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, threads * changesEach).boxed().toList());
		Map<String, Object> last = fixture.stored.get(fixture.stored.size() - 1).overrides();
		for (int t = 0; t < threads; t++) {
			for (int i = 0; i < changesEach; i++) {
				assertThat(last).containsEntry(key(t, i), String.valueOf(10 + i));
			}
		}
		assertThat(fixture.overrides.current()).isEqualTo(last);
	}

	private static String key(int thread, int change) {
		return "circuit-breakers.b" + thread + "-" + change + ".minimum-number-of-calls";
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static RedisProperties redis(ConfigReloaderPropertyTests.Fixture fixture) {
		return (RedisProperties) fixture.sections.inForce().get("redis");
	}

	private static PropertySource<?> reading(String port) {
		return new MapPropertySource("Config resource 'file [" + FILE + "]' (reloaded)", Map.of("redis.port", port));
	}

}
