package ai.xseven.mesh.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * The embedded backends in a process of their own, for the benchmark kit and for starting the
 * packaged jar by hand: a real PostgreSQL, Redis, KRaft Kafka broker, Temporal test server and
 * the stub providers. Writes the environment variables that point a host at them to the file
 * named by the first argument (one {@code NAME=value} a line, ready for {@code set -a; source}),
 * and runs until it is terminated.
 */
public final class StandaloneBackends {

	private StandaloneBackends() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		Map<String, String> environment = environment();
		String lines = environment.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining("\n", "", "\n"));
		if (args.length > 0) {
			Path file = Path.of(args[0]);
			Path partial = file.resolveSibling(file.getFileName() + ".partial");
			Files.writeString(partial, lines, StandardCharsets.UTF_8);
			Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}
		System.out.print(lines);
		System.out.flush();
		new CountDownLatch(1).await();
	}

	/**
	 * Starts every backend and names each in the host's environment variables.
	 * @return the variables
	 */
	public static Map<String, String> environment() {
		String providers = EmbeddedBackends.providersUrl();
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("DATABASE_HOST", "127.0.0.1");
		environment.put("DATABASE_PORT", String.valueOf(EmbeddedBackends.postgresPort()));
		environment.put("DATABASE_NAME", EmbeddedBackends.DATABASE);
		environment.put("REDIS_HOST", "127.0.0.1");
		environment.put("REDIS_PORT", String.valueOf(EmbeddedBackends.redisPort()));
		environment.put("KAFKA_BOOTSTRAP_SERVERS", EmbeddedBackends.kafkaBootstrapServers());
		environment.put("TEMPORAL_HOST", "127.0.0.1");
		environment.put("TEMPORAL_PORT", String.valueOf(EmbeddedBackends.temporalPort()));
		environment.put("DSPY_BASE_URL", providers);
		environment.put("VOICE_OPENAI_BASE_URL", providers);
		environment.put("VOICE_ELEVENLABS_BASE_URL", providers);
		environment.put("VOICE_VOICE_ID", ProviderStubs.VOICE_ID);
		environment.put("OPENAI_API_KEY", ProviderStubs.API_KEY);
		environment.put("ELEVENLABS_API_KEY", ProviderStubs.API_KEY);
		return environment;
	}

}
