package ai.xseven.mesh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.xseven.mesh.support.EmbeddedBackends;

import org.springframework.boot.SpringApplication;

/**
 * The host with everything embedded, for development: a real PostgreSQL, Redis, Kafka broker
 * and Temporal test server, started in this process's care. Run it with
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
		SpringApplication.from(XSevenMeshApplication::main).run(arguments.toArray(String[]::new));
	}

}
