package ai.xseven.mesh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.ProviderStubs;

import org.springframework.boot.SpringApplication;

/**
 * The host with everything embedded, for development: a real PostgreSQL, Redis, Kafka broker
 * and Temporal test server, and stub language-model and voice providers, started in this
 * process's care. Run it with
 * {@code ./mvnw spring-boot:test-run}.
 */
public class TestXSevenMeshApplication {

	public static void main(String[] args) {
		List<String> arguments = new ArrayList<>(Arrays.asList(args));
		arguments.add("--database.host=localhost");
		arguments.add("--database.port=" + EmbeddedBackends.postgresPort());
		arguments.add("--database.name=" + EmbeddedBackends.DATABASE);
		arguments.add("--redis.host=localhost");
		arguments.add("--redis.port=" + EmbeddedBackends.redisPort());
		arguments.add("--kafka.bootstrap-servers=" + EmbeddedBackends.kafkaBootstrapServers());
		arguments.add("--temporal.host=localhost");
		arguments.add("--temporal.port=" + EmbeddedBackends.temporalPort());
		// Stub providers answer like the real APIs, so no real key is needed.
		arguments.add("--dspy.base-url=" + EmbeddedBackends.providersUrl());
		arguments.add("--dspy.api-key=" + ProviderStubs.API_KEY);
		ProviderStubs.voiceProperties(EmbeddedBackends.providersUrl())
			.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		SpringApplication.from(XSevenMeshApplication::main).run(arguments.toArray(String[]::new));
	}

}
