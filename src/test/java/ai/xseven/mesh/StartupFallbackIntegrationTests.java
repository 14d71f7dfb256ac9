package ai.xseven.mesh;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ai.xseven.mesh.health.HealthChecker;
import ai.xseven.mesh.health.SystemHealth;
import ai.xseven.mesh.registry.MeshComponent;
import ai.xseven.mesh.startup.StartupMode;
import ai.xseven.mesh.startup.StartupOrchestrator;
import ai.xseven.mesh.support.MeshTestProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dependency cycle makes the mesh start-up fail: the host says why in one WARN line, starts
 * the legacy way and reports it.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@Import(StartupFallbackIntegrationTests.Cycle.class)
class StartupFallbackIntegrationTests {

	@DynamicPropertySource
	static void backends(DynamicPropertyRegistry registry) {
		MeshTestProperties.embedded(registry);
	}

	@Autowired
	StartupOrchestrator orchestrator;

	@Autowired
	HealthChecker healthChecker;

	@Test
	void cycleFallsBackToLegacyStartup(CapturedOutput output) {
		assertThat(this.orchestrator.awaitStartup(Duration.ofSeconds(60))).isTrue();
		assertThat(this.orchestrator.getMode()).isEqualTo(StartupMode.LEGACY);
		assertThat(this.orchestrator.getFallbackReason()).isEqualTo(
				"Dependency cycle between services: cycle-a -> cycle-b -> cycle-a");
		assertThat(output.getOut().lines().filter((line) -> line.contains("falling back to legacy start-up")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN").contains("cycle-a -> cycle-b -> cycle-a"));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			SystemHealth health = this.healthChecker.getSystemHealth();
			assertThat(health.startupMode()).isEqualTo(StartupMode.LEGACY);
			assertThat(health.fallbackReason()).contains("cycle-a -> cycle-b -> cycle-a");
			assertThat(health.services().get("database").status().name()).isEqualTo("UP");
			assertThat(health.services().get("cycle-a").state().name()).isEqualTo("RUNNING");
		});
	}

	@TestConfiguration(proxyBeanMethods = false)
	@Import({ CycleA.class, CycleB.class })
	static class Cycle {

	}

	@MeshComponent(name = "cycle-a", dependsOn = "cycle-b")
	static class CycleA {

	}

	@MeshComponent(name = "cycle-b", dependsOn = "cycle-a")
	static class CycleB {

	}

}
