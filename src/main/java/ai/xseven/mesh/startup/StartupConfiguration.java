package ai.xseven.mesh.startup;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import ai.xseven.mesh.registry.ServiceInstances;
import ai.xseven.mesh.registry.ServiceRegistry;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

@Configuration(proxyBeanMethods = false)
class StartupConfiguration {

	@Bean
	Clock meshClock() {
		return Clock.systemUTC();
	}

	@Bean
	ServiceRegistry serviceRegistry(Clock meshClock) {
		return new ServiceRegistry(meshClock);
	}

	/**
	 * Runs starts, stops and health checks, each on its own thread (a virtual one on Java 21 and
	 * later), so that a hanging dependency ties up only the thread that waits on it.
	 */
	@Bean
	SimpleAsyncTaskExecutor meshTaskExecutor(SimpleAsyncTaskExecutorBuilder builder) {
		return builder.threadNamePrefix("mesh-").taskTerminationTimeout(Duration.ofSeconds(5)).build();
	}

	/**
	 * Triggers the health rounds and the retries of failed starts.
	 */
	@Bean
	SimpleAsyncTaskScheduler meshTaskScheduler(SimpleAsyncTaskSchedulerBuilder builder) {
		return builder.threadNamePrefix("mesh-schedule-").taskTerminationTimeout(Duration.ofSeconds(5)).build();
	}

	@Bean
	ServiceInstances serviceInstances(ConfigurableListableBeanFactory beanFactory) {
		return new BeanFactoryServiceInstances((DefaultListableBeanFactory) beanFactory);
	}

	@Bean
	StartupMetrics startupMetrics(MeterRegistry meterRegistry, ServiceRegistry serviceRegistry) {
		StartupMetrics metrics = new StartupMetrics(meterRegistry, serviceRegistry);
		serviceRegistry.addListener(metrics);
		return metrics;
	}

	@Bean
	StartupOrchestrator startupOrchestrator(ServiceRegistry serviceRegistry, ServiceInstances serviceInstances,
			SimpleAsyncTaskExecutor meshTaskExecutor, SimpleAsyncTaskScheduler meshTaskScheduler,
			StartupProperties properties, StartupMetrics startupMetrics) {
		ServiceStarter starter = new ServiceStarter(serviceRegistry, serviceInstances, meshTaskExecutor, properties);
		MeshStartup mesh = new MeshStartup(serviceRegistry, starter, meshTaskExecutor, meshTaskScheduler, properties);
		LegacyStartup legacy = new LegacyStartup(serviceRegistry, starter);
		return new StartupOrchestrator(serviceRegistry, starter, mesh, legacy, serviceInstances, meshTaskExecutor,
				properties.isLegacy(), startupMetrics);
	}

	@Bean
	ServiceDefinitionRegistrar serviceDefinitionRegistrar(ConfigurableListableBeanFactory beanFactory,
			StartupOrchestrator startupOrchestrator) {
		return new ServiceDefinitionRegistrar((DefaultListableBeanFactory) beanFactory, startupOrchestrator);
	}

}
