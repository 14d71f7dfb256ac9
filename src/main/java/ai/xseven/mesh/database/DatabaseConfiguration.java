package ai.xseven.mesh.database;

import java.util.List;
import java.util.Set;

import ai.xseven.mesh.config.ConnectionTarget;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.registry.ServiceDefinition;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	static final String SERVICE = "database";

	@Bean(destroyMethod = "close")
	DatabasePool dataSource(DatabaseProperties properties) {
		return new DatabasePool(properties);
	}

	/**
	 * Transactions for the stores that need one (Boot's annotation-driven transactions are not
	 * configured: nothing uses them).
	 */
	@Bean
	TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
		return new TransactionTemplate(transactionManager);
	}

	@Bean
	DatabaseService databaseService(DatabasePool dataSource, DatabaseProperties properties,
			HealthProperties healthProperties) {
		return new DatabaseService(dataSource, properties, healthProperties);
	}

	@Bean
	ServiceDefinition databaseServiceDefinition(DatabaseProperties properties, DatabaseService databaseService) {
		return ServiceDefinition.builder(SERVICE)
			.serviceClass(DatabaseService.class)
			.healthCheck(databaseService)
			.required(properties.isRequired())
			.build();
	}

	@Bean
	ConnectionTarget databaseTarget() {
		return new ConnectionTarget("database", Set.of("database.host", "database.port"),
				(section) -> List.of(new ConnectionTarget.Address(((DatabaseProperties) section).getHost(),
						((DatabaseProperties) section).getPort())));
	}
}
