package ai.xseven.mesh.health;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.registry.ServiceInstances;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.StartupOrchestrator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

	@Bean
	HealthChecker healthChecker(ServiceRegistry serviceRegistry, ServiceInstances serviceInstances,
			CircuitManager circuitManager, StartupOrchestrator startupOrchestrator, HealthProperties properties,
			SimpleAsyncTaskExecutor meshTaskExecutor, SimpleAsyncTaskScheduler meshTaskScheduler, Clock meshClock,
			MeterRegistry meterRegistry) {
		HealthChecker checker = new HealthChecker(serviceRegistry, serviceInstances, circuitManager,
				startupOrchestrator::getSystemStatus, startupOrchestrator::registerService, properties,
				meshTaskExecutor, meshTaskScheduler, meshClock, meterRegistry);
		serviceRegistry.addListener(checker);
		return checker;
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

	@Bean
	MeshHealthIndicator meshHealthIndicator(HealthChecker healthChecker) {
		return new MeshHealthIndicator(healthChecker);
	}

	@Bean
	ServiceMesh serviceMesh(HealthChecker healthChecker, CircuitManager circuitManager,
			StartupOrchestrator startupOrchestrator) {
		return new ServiceMesh(healthChecker, circuitManager, startupOrchestrator);
	}

}
