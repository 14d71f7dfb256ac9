package ai.xseven.mesh;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ai.xseven.mesh.health.HealthChecker;
import ai.xseven.mesh.health.SystemStatus;
import ai.xseven.mesh.startup.StartupMode;
import ai.xseven.mesh.startup.StartupOrchestrator;
import ai.xseven.mesh.support.MeshTestProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code startup.legacy=true} (what {@code USE_LEGACY_STARTUP=true} sets): the services start one
 * at a time in the documented order and health reports LEGACY without a fallback reason.
 */
@SpringBootTest(properties = "startup.legacy=true")
@ExtendWith(OutputCaptureExtension.class)
class LegacyStartupIntegrationTests {

	@DynamicPropertySource
	static void backends(DynamicPropertyRegistry registry) {
		MeshTestProperties.embedded(registry);
	}

	@Autowired
	StartupOrchestrator orchestrator;

	@Autowired
	HealthChecker healthChecker;

	@Test
	void legacyStartupStartsServicesOneAtATimeInOrder(CapturedOutput output) {
		assertThat(this.orchestrator.awaitStartup(Duration.ofSeconds(60))).isTrue();
		assertThat(this.orchestrator.getMode()).isEqualTo(StartupMode.LEGACY);
		assertThat(this.orchestrator.getFallbackReason()).isNull();
		assertThat(output.getOut()).contains("Legacy start-up, one service at a time: database, redis")
			.doesNotContain("falling back to legacy start-up");
		assertThat(output.getOut().indexOf("Service 'database' started"))
			.isLessThan(output.getOut().indexOf("Service 'redis' started"));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(
				() -> assertThat(this.healthChecker.getSystemHealth().status()).isEqualTo(SystemStatus.UP));
	}

}
