package ai.xseven.mesh.config.runtime;

import io.micrometer.core.instrument.MeterRegistry;

import ai.xseven.mesh.config.ConfigChangeStore;
import ai.xseven.mesh.config.ConfigCipher;
import ai.xseven.mesh.config.ConfigFile;
import ai.xseven.mesh.config.ConfigSections;
import ai.xseven.mesh.config.ConfigServerLayer;
import ai.xseven.mesh.config.ConnectionTarget;
import ai.xseven.mesh.config.DedicatedConnections;
import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.config.InstanceStore;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.config.SchemaMigration;
import ai.xseven.mesh.health.HealthChecker;
import ai.xseven.mesh.health.HealthRounds;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.startup.StartupOrchestrator;
import ai.xseven.mesh.startup.StartupProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.context.properties.ConfigurationPropertiesBeans;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class RuntimeConfigConfiguration {

	@Bean
	ConfigServerLayer configServerLayer(ConfigSections configSections, ConfigCipher configCipher,
			ConfigurableEnvironment environment) {
		return new ConfigServerLayer(configSections.names(), configCipher.canEncrypt(), environment.getPropertySources());
	}

	@Bean
	ConfigReloader configReloader(RuntimeOverrides runtimeOverrides, ConfigSections configSections,
			ConfigChangeStore configChangeStore, StartupOrchestrator startupOrchestrator, ServiceRegistry serviceRegistry,
			HealthRounds healthRounds, MeterRegistry meterRegistry,
			FleetState fleetState, ConfigCipher configCipher, ObjectProvider<ConnectionTarget> connectionTargets,
			SimpleAsyncTaskExecutor meshTaskExecutor, ConfigServerLayer configServerLayer) {
		return new ConfigReloader(runtimeOverrides, configSections, configChangeStore, startupOrchestrator::restart,
				serviceRegistry, healthRounds::reschedule, meterRegistry, fleetState,
				configCipher, new TargetProber(connectionTargets.orderedStream().toList(), meshTaskExecutor),
				configServerLayer);
	}

	// A thread of its own, daemon, owned by its user and not a lifecycle bean: a task stuck on a
	// frozen database must not hold the host's stop (a scheduler bean's stop waits for it).
	private static ThreadPoolTaskScheduler ownScheduler(String prefix) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix(prefix);
		scheduler.setDaemon(true);
		scheduler.initialize();
		return scheduler;
	}

	@Bean
	FleetSync fleetSync(ServiceRegistry serviceRegistry, ConfigReloader configReloader, InstanceStore instanceStore, FleetState fleetState,
			HealthProperties healthProperties, HealthChecker healthChecker,
			DedicatedConnections dedicatedConnections) {
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2);
		backOff.setMaxInterval(5_000);
		// The fleet's configuration reads (a read may wait for a change in progress on this
		// instance) and its heartbeat, each on a thread of its own, so that a heartbeat never waits.
		return new FleetSync(serviceRegistry, configReloader, instanceStore, fleetState, ownScheduler("mesh-fleet-"),
				ownScheduler("mesh-heartbeat-"),
				healthProperties::getInterval, () -> healthChecker.getSystemHealth().status().name(), dedicatedConnections, backOff);
	}

	/**
	 * The configuration file's polls, on a thread of their own: an edit applied there may restart
	 * services, and the health rounds (on the mesh's scheduler thread) must not wait for that.
	 */
	@Bean
	ThreadPoolTaskScheduler meshFileScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("mesh-file-");
		scheduler.setDaemon(true);
		scheduler.setAwaitTerminationSeconds(2);
		return scheduler;
	}

	@Bean
	ConfigFileWatcher configFileWatcher(Environment environment, ConfigReloader configReloader,
			ThreadPoolTaskScheduler meshFileScheduler) {
		return new ConfigFileWatcher(ConfigFile.location(environment), configReloader, meshFileScheduler,
				ConfigFileWatcher.INTERVAL);
	}

	/**
	 * Replaces Spring Cloud's own rebinder (same bean name), which would rebind the host's
	 * settings in place on a refresh, unvalidated and without reconnecting.
	 */
	@Bean
	OwnSettingsSkippingRebinder configurationPropertiesRebinder(ConfigurationPropertiesBeans beans) {
		return new OwnSettingsSkippingRebinder(beans);
	}

	@Bean
	ConfigServerRefreshListener configServerRefreshListener(ConfigReloader configReloader) {
		return new ConfigServerRefreshListener(configReloader);
	}

	@Bean
	StoredConfigLoader storedConfigLoader(ConfigReloader configReloader, SchemaMigration schemaMigration,
			ServiceRegistry serviceRegistry, StartupProperties startupProperties, SimpleAsyncTaskExecutor meshTaskExecutor) {
		return new StoredConfigLoader(configReloader.storedChanges(), schemaMigration, serviceRegistry,
				meshTaskExecutor, startupProperties::getServiceTimeout);
	}

}
