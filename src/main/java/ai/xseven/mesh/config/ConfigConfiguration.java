package ai.xseven.mesh.config;

import java.lang.management.ManagementFactory;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.metrics.MeshMeters;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class ConfigConfiguration {

	@Bean
	MeshInstance meshInstance(ConfigurableEnvironment environment) {
		return MeshInstance.of(environment);
	}

	@Bean
	FleetState fleetState(MeshInstance meshInstance) {
		return new FleetState(meshInstance, Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
	}

	/**
	 * {@code mesh_config_version}: the version in force here, which the dashboard shows per
	 * instance and an alert compares across the fleet.
	 */
	@Bean
	MeterBinder configVersionMeter(FleetState fleetState) {
		return (registry) -> Gauge.builder(MeshMeters.CONFIG_VERSION, fleetState, (fleet) -> fleet.applied().version())
			.description("The runtime configuration version in force on this instance")
			.register(registry);
	}

	@Bean
	InstanceStore instanceStore(JdbcTemplate jdbcTemplate) {
		return new InstanceStore(jdbcTemplate);
	}

	@Bean
	ConfigManager configManager(ListableBeanFactory beanFactory, Validator validator) {
		return new ConfigManager(beanFactory, validator);
	}

	@Bean
	RuntimeOverrides runtimeOverrides(ConfigurableEnvironment environment) {
		return new RuntimeOverrides(environment);
	}

	@Bean
	static SwappableSections swappableSections() {
		return new SwappableSections();
	}

	@Bean
	ConfigSections configSections(ListableBeanFactory beanFactory, SwappableSections swappableSections,
			Validator validator, ObjectProvider<SectionRule> sectionRules) {
		return new ConfigSections(swappableSections.holders(beanFactory), validator,
				sectionRules.orderedStream().toList());
	}

	@Bean
	ConfigCipher configCipher(ConfigurableEnvironment environment) {
		return ConfigCipher.of(environment);
	}

	@Bean
	ConfigChangeStore configChangeStore(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate,
			JsonMapper jsonMapper, ConfigCipher configCipher) {
		return new ConfigChangeStore(jdbcTemplate, transactionTemplate, jsonMapper, configCipher);
	}

}
