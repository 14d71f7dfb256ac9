package ai.xseven.mesh.registry;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServiceGraphTests {

	@Test
	void startOrderPutsEveryServiceAfterItsDependenciesAndKeepsRegistrationOrderOtherwise() {
		ServiceGraph graph = ServiceGraph.of(List.of(service("api", "cache", "database"), service("database"),
				service("cache", "redis"), service("redis"), service("audit")));
		assertThat(graph.startOrder()).containsExactly("database", "redis", "cache", "api", "audit");
	}

	@Test
	void unknownDependencyIsNamed() {
		assertThatExceptionOfType(ServiceGraphException.class)
			.isThrownBy(() -> ServiceGraph.of(List.of(service("api", "database"))))
			.withMessage("Service 'api' depends on unknown service 'database'");
	}

	@Test
	void cycleIsReportedWithTheServicesThatFormIt() {
		assertThatExceptionOfType(ServiceGraphException.class)
			.isThrownBy(() -> ServiceGraph.of(List.of(service("database"), service("a", "database", "b"),
					service("b", "c"), service("c", "a"))))
			.withMessage("Dependency cycle between services: a -> b -> c -> a");
	}

	@Test
	void dependentsOfIncludesIndirectOnesInStartOrder() {
		ServiceGraph graph = ServiceGraph.of(List.of(service("redis"), service("session", "redis"),
				service("api", "session"), service("database")));
		assertThat(graph.dependentsOf("redis")).containsExactly("session", "api");
		assertThat(graph.dependentsOf("database")).isEmpty();
	}

	@Test
	void definitionRejectsBadNamesAndSelfDependencies() {
		assertThatIllegalArgumentException().isThrownBy(() -> service("Bad Name"));
		assertThatIllegalArgumentException().isThrownBy(() -> service("loop", "loop"))
			.withMessage("Service 'loop' must not depend on itself");
	}

	private static ServiceDefinition service(String name, String... dependencies) {
		return ServiceDefinition.builder(name).dependencies(dependencies).build();
	}

}
