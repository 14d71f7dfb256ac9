package ai.xseven.mesh.config;

import java.lang.management.ManagementFactory;
import java.time.Instant;

import jakarta.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

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
