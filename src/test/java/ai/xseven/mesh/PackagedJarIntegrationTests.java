package ai.xseven.mesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.PackagedHost;
import ai.xseven.mesh.support.PackagedHost.Jdk;
import ai.xseven.mesh.support.RequestHammer;
import ai.xseven.mesh.support.StandaloneBackends;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What ships, started the way it is run: {@code target/xseven-mesh.jar} (built by {@code package}
 * before this runs) in a child JVM of each JDK named by {@code it.jdks} / {@code IT_JDKS}, against
 * the embedded backends, with health and metrics requests arriving from the first moment. Every
 * start must reach readiness with every service UP and stop cleanly on SIGTERM; a start that does
 * not leaves its log and a thread dump under {@code target/packaged-jar/}. The extracted layout
 * gets the same check once, on the newest JDK. The 30-start runs are {@code bench/starts.sh}.
 */
class PackagedJarIntegrationTests {

	static final Path JAR = Path.of("target", "xseven-mesh.jar");

	static final Path WORK = Path.of("target", "packaged-jar");

	static final int STARTS_PER_JDK = 2;

	static final Duration READY_WITHIN = Duration.ofSeconds(90);

	static final Duration ALL_UP_WITHIN = Duration.ofSeconds(30);

	static final String VIRTUAL_THREADS_OFF = "Virtual threads are off: the host runs from the packaged jar";

	static Map<String, String> environment;

	@BeforeAll
	static void backends() throws IOException {
		assertThat(JAR).as("the packaged jar (mvn package runs before the integration tests)").exists();
		FileSystemUtils.deleteRecursively(WORK);
		Files.createDirectories(WORK);
		environment = new LinkedHashMap<>(StandaloneBackends.environment());
		environment.put("DATABASE_NAME", EmbeddedBackends.createDatabase("packaged_jar"));
		environment.put("ADMIN_TOKEN", "packaged-jar-admin-token");
		environment.put("HEALTH_INTERVAL", "2s");
		environment.put("HEALTH_TIMEOUT", "1s");
	}

	@TestFactory
	Stream<DynamicTest> everyStartReachesReadinessWithEveryServiceUpWhileRequestsArrive() {
		List<DynamicTest> starts = new ArrayList<>();
		for (Jdk jdk : Jdk.configured()) {
			for (int start = 1; start <= STARTS_PER_JDK; start++) {
				boolean emptyDatabase = starts.isEmpty();
				starts.add(DynamicTest.dynamicTest(jdk + ", java -jar, start " + start,
						() -> startAndCheck(jdk, JAR, true, emptyDatabase)));
			}
		}
		// The smoke test of the extracted layout runs on the newest JDK: where requests run on virtual threads.
		Jdk newest = Jdk.configured().stream().max(Comparator.comparingInt(Jdk::feature)).orElseThrow();
		starts.add(DynamicTest.dynamicTest(newest + ", extracted layout",
				() -> startAndCheck(newest, extracted(), false, false)));
		return starts.stream();
	}

	private void startAndCheck(Jdk jdk, Path jar, boolean nestedJar, boolean emptyDatabase) {
		try (PackagedHost host = PackagedHost.start(jdk, jar, environment, WORK);
				RequestHammer requests = RequestHammer.start(List.of(host.url("/health/system"),
						host.url("/actuator/prometheus"), host.url("/health/system"), host.url("/actuator/prometheus")))) {
			long began = System.nanoTime();
			if (!within(READY_WITHIN, host::isAlive,
					() -> host.get("/actuator/health/readiness").status() == 200)) {
				failWithDump(host, "not ready within " + READY_WITHIN.toSeconds() + " s");
			}
			long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
			if (!within(ALL_UP_WITHIN, host::isAlive, () -> host.get("/health/system").body().contains("\"status\":\"UP\""))) {
				failWithDump(host, "ready after " + readyMs + " ms, but not every service UP within "
						+ ALL_UP_WITHIN.toSeconds() + " s: " + host.get("/health/system").body());
			}
			assertThat(requests.answered()).as("requests answered while it started").isPositive();
			requests.close();
			assertThat(host.stop(Duration.ofSeconds(30))).as("stopped within 30 s of SIGTERM").isTrue();
			List<String> lines = host.logLines();
			assertThat(lines).anyMatch((line) -> line.contains("Stopping services"));
			if (jdk.feature() >= 21) {
				assertThat(lines.stream().anyMatch((line) -> line.contains(VIRTUAL_THREADS_OFF)))
					.as("virtual threads turned off exactly under the nested-jar class loader")
					.isEqualTo(nestedJar);
			}
			if (emptyDatabase) {
				assertThat(lines).as("warnings or errors of the stored configuration or the schema on a new database")
					.noneMatch((line) -> (line.contains(" WARN ") || line.contains(" ERROR "))
							&& (line.contains("StoredConfigLoader") || line.toLowerCase(Locale.ROOT).contains("flyway")
									|| line.contains(" o.f.") || line.contains("config_change")
									|| line.contains("does not exist")));
			}
		}
	}

	private static boolean within(Duration limit, BooleanSupplier alive, BooleanSupplier condition) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline && alive.getAsBoolean()) {
			if (condition.getAsBoolean()) {
				return true;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	private static void failWithDump(PackagedHost host, String what) {
		String dump = host.isAlive() ? "; thread dump: " + host.threadDump().toAbsolutePath() : "; the process exited";
		List<String> lines = host.logLines();
		String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		fail(host.jdk() + ": " + what + dump + "\nlast lines of its log:\n" + tail);
	}

	// The extracted layout, as README.md makes it.
	private static Path extracted() throws IOException, InterruptedException {
		Path directory = WORK.resolve("extracted");
		if (!Files.exists(directory.resolve("xseven-mesh.jar"))) {
			Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Djarmode=tools", "-jar", JAR.toAbsolutePath().toString(), "extract", "--destination",
					directory.toAbsolutePath().toString())
				.redirectErrorStream(true)
				.redirectOutput(WORK.resolve("extract.log").toFile())
				.start();
			assertThat(extract.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(extract.exitValue()).as(Files.readString(WORK.resolve("extract.log"))).isZero();
		}
		return directory.resolve("xseven-mesh.jar");
	}

}
