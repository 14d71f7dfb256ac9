package ai.xseven.mesh.startup;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import ai.xseven.mesh.registry.ServiceInstances;
import ai.xseven.mesh.registry.ServiceRegistry;

import org.springframework.beans.factory.ObjectProvider;
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

	/**
	 * The longest the executors below wait for their tasks when the context closes.
	 */
	static final Duration TASK_TERMINATION = Duration.ofSeconds(5);

	/**
	 * What the services' stops leave of the shutdown's deadline: the executors' wait for their
	 * tasks as the context closes (a stop that ran out of time may still be running), and a second
	 * for the JVM's exit after it.
	 */
	static final Duration STOP_MARGIN = TASK_TERMINATION.plusSeconds(1);

	@Bean
	Clock meshClock() {
		return Clock.systemUTC();
	}

	@Bean
	ServiceRegistry serviceRegistry(Clock meshClock) {
		return new ServiceRegistry(meshClock);
	}

	/**
	 * Runs starts, stops, health checks and the deadlines of provider calls, each on a platform
	 * thread of its own, so that a hanging dependency ties up only the thread that waits on it.
	 * Platform threads even where requests run on virtual ones: this work blocks inside client
	 * libraries that hold monitors and loads most of the host's classes, which pins virtual
	 * threads to their carriers and could starve every other virtual thread of the host. Daemon
	 * threads, so that a check stuck on a frozen socket never keeps a stopped host alive.
	 */
	@Bean
	SimpleAsyncTaskExecutor meshTaskExecutor(SimpleAsyncTaskExecutorBuilder builder) {
		return builder.threadNamePrefix("mesh-")
			.virtualThreads(false)
			.taskTerminationTimeout(TASK_TERMINATION)
			.additionalCustomizers((executor) -> executor.setDaemon(true))
			.configure(new MeshTaskExecutor());
	}

	/**
	 * Triggers the retries of failed starts, on platform threads as above.
	 */
	@Bean
	SimpleAsyncTaskScheduler meshTaskScheduler(SimpleAsyncTaskSchedulerBuilder builder) {
		return builder.threadNamePrefix("mesh-schedule-")
			.virtualThreads(false)
			.taskTerminationTimeout(TASK_TERMINATION)
			.additionalCustomizers((scheduler) -> scheduler.setDaemon(true))
			.build();
	}

	@Bean
	ShutdownDeadline shutdownDeadline(StartupProperties properties) {
		return ShutdownDeadline.onExit(properties.getShutdownDeadline());
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
			StartupProperties properties, StartupMetrics startupMetrics, ShutdownDeadline shutdownDeadline,
			ObjectProvider<BeforeServicesStart> preparations) {
		ServiceStarter starter = new ServiceStarter(serviceRegistry, serviceInstances, meshTaskExecutor, properties);
		MeshStartup mesh = new MeshStartup(serviceRegistry, starter, meshTaskExecutor, meshTaskScheduler, properties);
		LegacyStartup legacy = new LegacyStartup(serviceRegistry, starter);
		return new StartupOrchestrator(serviceRegistry, starter, mesh, legacy, serviceInstances, meshTaskExecutor,
				properties::isLegacy, startupMetrics, () -> preparations.orderedStream().toList(),
				new ServiceStops(serviceRegistry, starter, meshTaskExecutor, properties::getStopTimeout,
						() -> shutdownDeadline.remaining().map((left) -> left.minus(STOP_MARGIN))));
	}

	@Bean
	ServiceDefinitionRegistrar serviceDefinitionRegistrar(ConfigurableListableBeanFactory beanFactory,
			StartupOrchestrator startupOrchestrator) {
		return new ServiceDefinitionRegistrar((DefaultListableBeanFactory) beanFactory, startupOrchestrator);
	}

}
