package ai.xseven.mesh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.xseven.mesh.support.MeshTestProperties;

import org.springframework.boot.SpringApplication;

/**
 * The host with everything embedded, for development: a real PostgreSQL, Redis, Kafka broker
 * and Temporal test server, and stub language-model and voice providers (which answer like the
 * real APIs, so no real key is needed), started in this process's care. Run it with
 * {@code ./mvnw spring-boot:test-run}. The admin token is generated and logged at start unless
 * ADMIN_TOKEN is set.
 */
public class TestXSevenMeshApplication {

	public static void main(String[] args) {
		List<String> arguments = new ArrayList<>(Arrays.asList(args));
		MeshTestProperties.embeddedProperties().forEach((key, value) -> {
			if (!key.equals("admin.token")) {
				arguments.add("--" + key + "=" + value);
			}
		});
		SpringApplication.from(XSevenMeshApplication::main).run(arguments.toArray(String[]::new));
	}

}
