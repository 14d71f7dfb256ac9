package ai.xseven.mesh.health;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.registry.ServiceInstances;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.StartupOrchestrator;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

	/**
	 * Triggers the health rounds and nothing else, on platform threads (each round's checks run on
	 * the mesh's executor), so that no other task can hold a round up.
	 */
	@Bean
	SimpleAsyncTaskScheduler meshHealthScheduler(SimpleAsyncTaskSchedulerBuilder builder) {
		return builder.threadNamePrefix("mesh-health-")
			.virtualThreads(false)
			.taskTerminationTimeout(Duration.ofSeconds(5))
			.additionalCustomizers((scheduler) -> scheduler.setDaemon(true))
			.build();
	}

	@Bean
	HealthChecker healthChecker(ServiceRegistry serviceRegistry, ServiceInstances serviceInstances,
			CircuitManager circuitManager, StartupOrchestrator startupOrchestrator, HealthProperties properties,
			SimpleAsyncTaskExecutor meshTaskExecutor, Clock meshClock, MeterRegistry meterRegistry) {
		HealthChecker checker = new HealthChecker(serviceRegistry, serviceInstances, circuitManager,
				startupOrchestrator::getSystemStatus, startupOrchestrator::registerService, properties,
				meshTaskExecutor, meshClock, meterRegistry);
		serviceRegistry.addListener(checker);
		return checker;
	}

	@Bean
	HealthRounds healthRounds(HealthChecker healthChecker, SimpleAsyncTaskScheduler meshHealthScheduler,
			HealthProperties properties) {
		return new HealthRounds(healthChecker, meshHealthScheduler, properties);
	}

	@Bean
	SystemHealthAnswer systemHealthAnswer(HealthChecker healthChecker, CircuitManager circuitManager,
			StartupOrchestrator startupOrchestrator, FleetState fleetState, JsonMapper jsonMapper, Clock meshClock) {
		return new SystemHealthAnswer(healthChecker, circuitManager, startupOrchestrator::getSystemStatus, fleetState,
				jsonMapper, meshClock);
	}

	@Bean
	HealthTimeoutRule healthTimeoutRule() {
		return new HealthTimeoutRule();
	}

	/**
	 * Actuator's {@code system} component, which the readiness group reads.
	 */
	@Bean
	SystemHealthIndicator systemHealthIndicator(HealthChecker healthChecker) {
		return new SystemHealthIndicator(healthChecker);
	}

	/**
	 * Actuator's {@code mesh} component: one component per service.
	 */
	@Bean
	MeshServicesHealthContributor meshHealthContributor(HealthChecker healthChecker) {
		return new MeshServicesHealthContributor(healthChecker);
	}

	/**
	 * Actuator's overall status as {@code /health/system} says it.
	 */
	@Bean
	MeshStatusAggregator meshStatusAggregator(HealthChecker healthChecker, ApplicationAvailability availability) {
		return new MeshStatusAggregator(() -> healthChecker.getSystemHealth().status(),
				() -> availability.getLivenessState() == LivenessState.CORRECT);
	}

	@Bean
	ServiceMesh serviceMesh(HealthChecker healthChecker, CircuitManager circuitManager,
			StartupOrchestrator startupOrchestrator) {
		return new ServiceMesh(healthChecker, circuitManager, startupOrchestrator);
	}

}
