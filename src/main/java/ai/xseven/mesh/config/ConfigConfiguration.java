package ai.xseven.mesh.config;

import jakarta.validation.Validator;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConfigConfiguration {

	@Bean
	ConfigManager configManager(ListableBeanFactory beanFactory, Validator validator) {
		return new ConfigManager(beanFactory, validator);
	}

}
