package ai.xseven.mesh.admin;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;

import ai.xseven.mesh.config.ConfigChangeStore;
import ai.xseven.mesh.config.ConfigFile;
import ai.xseven.mesh.config.ConfigSections;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.config.SchemaMigration;
import ai.xseven.mesh.health.HealthChecker;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.StartupOrchestrator;
import ai.xseven.mesh.startup.StartupProperties;

import org.springframework.cloud.context.properties.ConfigurationPropertiesBeans;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

@Configuration(proxyBeanMethods = false)
class ConfigAdminConfiguration {

	@Bean
	ConfigReloader configReloader(RuntimeOverrides runtimeOverrides, ConfigSections configSections,
			ConfigChangeStore configChangeStore, StartupOrchestrator startupOrchestrator, ServiceRegistry serviceRegistry,
			HealthChecker healthChecker, MeterRegistry meterRegistry, CircuitManager circuitManager, Validator validator) {
		return new ConfigReloader(runtimeOverrides, configSections, configChangeStore, startupOrchestrator,
				serviceRegistry, healthChecker, meterRegistry, circuitManager, validator);
	}

	@Bean
	ConfigFileWatcher configFileWatcher(Environment environment, ConfigReloader configReloader,
			SimpleAsyncTaskScheduler meshTaskScheduler) {
		return new ConfigFileWatcher(ConfigFile.location(environment), configReloader, meshTaskScheduler,
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
