package ai.xseven.mesh.database;

import com.zaxxer.hikari.HikariDataSource;

import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.registry.ServiceDefinition;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	static final String SERVICE = "database";

	/**
	 * A pool that starts without connecting, so that the host starts while PostgreSQL is down;
	 * the {@code database} service connects and migrates once it is there.
	 */
	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(DatabaseProperties properties) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName(SERVICE);
		dataSource.setJdbcUrl("jdbc:postgresql://" + properties.getHost() + ":" + properties.getPort() + "/"
				+ properties.getName());
		dataSource.setUsername(properties.getUsername());
		if (StringUtils.hasText(properties.getPassword())) {
			dataSource.setPassword(properties.getPassword());
		}
		dataSource.setMaximumPoolSize(properties.getPoolSize());
		dataSource.setMinimumIdle(1);
		dataSource.setInitializationFailTimeout(-1);
		dataSource.setConnectionTimeout(properties.getConnectTimeout().toMillis());
		dataSource.setValidationTimeout(Math.min(properties.getConnectTimeout().toMillis(), 5_000));
		dataSource.addDataSourceProperty("connectTimeout", Math.max(1, properties.getConnectTimeout().toSeconds()));
		dataSource.addDataSourceProperty("socketTimeout", Math.max(1, properties.getSocketTimeout().toSeconds()));
		dataSource.addDataSourceProperty("ApplicationName", "xseven-mesh");
		return dataSource;
	}

	@Bean
	DatabaseService databaseService(HikariDataSource dataSource, HealthProperties healthProperties) {
		return new DatabaseService(dataSource, (int) Math.max(1, healthProperties.getTimeout().toSeconds()));
	}

	@Bean
	ServiceDefinition databaseServiceDefinition(DatabaseProperties properties, DatabaseService databaseService) {
		return ServiceDefinition.builder(SERVICE)
			.serviceClass(DatabaseService.class)
			.healthCheck(databaseService)
			.required(properties.isRequired())
			.build();
	}

}
