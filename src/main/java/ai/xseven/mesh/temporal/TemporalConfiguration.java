package ai.xseven.mesh.temporal;

import java.util.List;
import java.util.Set;

import ai.xseven.mesh.config.ConnectionTarget;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.resilience.CircuitManager;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TemporalConfiguration {

	static final String SERVICE = "temporal";

	@Bean
	WorkerComponents workerComponents(ConfigurableListableBeanFactory beanFactory) {
		return WorkerComponents.find(beanFactory);
	}

	@Bean
	TemporalService temporalService(TemporalProperties properties, HealthProperties healthProperties,
			WorkerComponents workerComponents) {
		return new TemporalService(properties, healthProperties, workerComponents);
	}

	@Bean
	ServiceDefinition temporalServiceDefinition(TemporalProperties properties, TemporalService temporalService) {
		return ServiceDefinition.builder(SERVICE)
			.serviceClass(TemporalService.class)
			.healthCheck(temporalService)
			.required(properties.isRequired())
			.build();
	}

	@Bean
	WorkflowGateway workflowGateway(TemporalService temporalService, WorkerComponents workerComponents,
			CircuitManager circuitManager, TemporalProperties properties) {
		return new WorkflowGateway(temporalService, workerComponents, circuitManager.current(SERVICE), properties);
	}

	@Bean
	ConnectionTarget temporalTarget() {
		return new ConnectionTarget("temporal", Set.of("temporal.host", "temporal.port"),
				(section) -> List.of(new ConnectionTarget.Address(((TemporalProperties) section).getHost(),
						((TemporalProperties) section).getPort())));
	}
}
