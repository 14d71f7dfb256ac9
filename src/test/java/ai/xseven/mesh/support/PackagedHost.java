package ai.xseven.mesh.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;


/**
 * The shipped jar started as README.md says, {@code java -Xmx512m -jar …}, in a child JVM of a
 * given JDK, with its settings in environment variables as an operator would give them.
 */
public final class PackagedHost implements AutoCloseable {

	private final Process process;

	private final Jdk jdk;

	private final int port;

	private final Path log;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private PackagedHost(Process process, Jdk jdk, int port, Path log) {
		this.process = process;
		this.jdk = jdk;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts a jar.
	 * @param jdk the JDK whose {@code java} runs it
	 * @param jar the jar
	 * @param environment the variables beside the inherited ones
	 * @param workingDirectory where it runs and writes its log
	 * @return the started process
	 */
	public static PackagedHost start(Jdk jdk, Path jar, Map<String, String> environment, Path workingDirectory) {
		return start(jdk, jar, environment, workingDirectory, List.of());
	}

	/**
	 * Starts a jar with options of the JVM beside the heap's bound.
	 * @param jdk the JDK whose {@code java} runs it
	 * @param jar the jar
	 * @param environment the variables beside the inherited ones
	 * @param workingDirectory where it runs and writes its log
	 * @param jvmOptions options before {@code -jar}
	 * @return the started process
	 */
	public static PackagedHost start(Jdk jdk, Path jar, Map<String, String> environment, Path workingDirectory,
			List<String> jvmOptions) {
		int port = freePort();
		try {
			Files.createDirectories(workingDirectory);
			Path log = Files.createTempFile(workingDirectory, "host-", ".log");
			List<String> command = new ArrayList<>(List.of(jdk.java().toString(), "-Xmx512m"));
			command.addAll(jvmOptions);
			command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
			ProcessBuilder builder = new ProcessBuilder(command)
				.directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			builder.environment().put("SERVER_PORT", String.valueOf(port));
			Process process = builder.start();
			// Also when the test JVM is stopped before the test could close it.
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
			return new PackagedHost(process, jdk, port, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// Below the range Linux hands out for outgoing connections (32768 and up by default), so that
	// none of this JVM's many client sockets can take the port between this check and the bind.
	public static int freePort() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int candidate = ThreadLocalRandom.current().nextInt(20_000, 32_000);
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(false);
				socket.bind(new InetSocketAddress("0.0.0.0", candidate));
				return candidate;
			}
			catch (IOException ex) {
				// taken, try another
			}
		}
		throw new IllegalStateException("No free port between 20000 and 32000");
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/**
	 * One GET, its status, or -1 when nothing answered.
	 * @param path the path
	 * @return the status and body
	 */
	public Answer get(String path) {
		return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(5)).build());
	}

	/**
	 * One POST of a JSON body.
	 * @param path the path
	 * @param json the body
	 * @return the status and body
	 */
	public Answer post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(url(path)))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/**
	 * One request with a JSON body (or none) and headers.
	 * @param method {@code GET}, {@code POST}, …
	 * @param path the path
	 * @param json the body, {@code null} for none
	 * @param headers names and values, alternating
	 * @return the status and body
	 */
	public Answer request(String method, String path, String json, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
			.timeout(Duration.ofSeconds(30))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
					: HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	/**
	 * Sends a request of the caller's making, to any of the host's ports.
	 * @param request the request
	 * @return the status and body, or -1 when nothing answered
	 */
	public Answer send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			return new Answer(-1, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Answer(-1, "interrupted");
		}
	}

	/**
	 * Sends the process a signal: {@code KILL} (a crash), {@code STOP} (a freeze: its sockets stay
	 * open and nothing answers), {@code CONT}.
	 * @param signal the signal's name
	 */
	public void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(this.process.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The process's exit status, once it ended.
	 * @return the status
	 */
	public int exitCode() {
		return this.process.exitValue();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public Jdk jdk() {
		return this.jdk;
	}

	public String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public List<String> logLines() {
		return List.of(log().split("\n"));
	}

	/**
	 * The child's threads, as {@code jcmd Thread.print} shows them, saved beside its log.
	 * @return where the dump is
	 */
	public Path threadDump() {
		Path dump = this.log.resolveSibling(this.log.getFileName().toString().replace(".log", "-threads.txt"));
		try {
			Process jcmd = new ProcessBuilder(this.jdk.tool("jcmd").toString(), String.valueOf(this.process.pid()),
					"Thread.print", "-l")
				.redirectErrorStream(true)
				.redirectOutput(dump.toFile())
				.start();
			jcmd.waitFor(30, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return dump;
	}

	/**
	 * Waits for the process to end.
	 * @param atMost how long to wait
	 * @return whether it ended in time
	 */
	public boolean awaitExit(Duration atMost) {
		try {
			return this.process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Stops the host as an orchestrator would: SIGTERM, then SIGKILL after the given time.
	 * @param grace how long it may take to stop
	 * @return whether it stopped by itself within that time
	 */
	public boolean stop(Duration grace) {
		this.process.destroy();
		try {
			if (this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				return true;
			}
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
			return false;
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			stop(Duration.ofSeconds(20));
		}
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status, -1 when nothing answered
	 * @param body the body, or why nothing answered
	 */
	public record Answer(int status, String body) {
	}

	/**
	 * A JDK installed on this machine.
	 *
	 * @param home its home directory
	 * @param feature its feature release (17, 21, 25, …)
	 */
	public record Jdk(Path home, int feature) {

		/**
		 * The JDKs named by {@code it.jdks} (a system property, else the {@code IT_JDKS}
		 * variable): home directories separated by the path separator; the test JVM's own JDK
		 * when neither is set.
		 * @return the JDKs
		 */
		public static List<Jdk> configured() {
			String named = System.getProperty("it.jdks", System.getenv().getOrDefault("IT_JDKS", ""));
			List<Jdk> jdks = new ArrayList<>();
			for (String home : named.split(java.io.File.pathSeparator)) {
				if (!home.isBlank()) {
					jdks.add(of(Path.of(home.strip())));
				}
			}
			if (jdks.isEmpty()) {
				jdks.add(of(Path.of(System.getProperty("java.home"))));
			}
			return jdks;
		}

		static Jdk of(Path home) {
			try {
				String release = Files.readString(home.resolve("release"), StandardCharsets.UTF_8);
				String version = release.lines()
					.filter((line) -> line.startsWith("JAVA_VERSION="))
					.findFirst()
					.orElseThrow(() -> new IllegalStateException(home + "/release names no JAVA_VERSION"))
					.replaceAll("[^0-9.]", "");
				return new Jdk(home, Integer.parseInt(version.split("\\.")[0]));
			}
			catch (IOException ex) {
				throw new IllegalStateException("Not a JDK home: " + home, ex);
			}
		}

		public Path java() {
			return tool("java");
		}

		Path tool(String name) {
			return this.home.resolve("bin").resolve(name);
		}

		@Override
		public String toString() {
			return "Java " + this.feature + " (" + this.home.getFileName() + ")";
		}

	}

}
