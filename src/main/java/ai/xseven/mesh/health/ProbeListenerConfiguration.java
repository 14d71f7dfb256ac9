package ai.xseven.mesh.health;

import org.apache.catalina.connector.Connector;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The probe port's listener and its filter ({@link ProbeListener}), when {@code mesh.probe-port}
 * ({@code MESH_PROBE_PORT}) is set. Like {@code server.port} it is a setting of the process, read
 * once when the web server starts, and not one of the configuration sections that change at
 * runtime.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(ProbeListenerConfiguration.PROPERTY)
class ProbeListenerConfiguration {

	static final String PROPERTY = "mesh.probe-port";

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> probeListenerConnector(
			@Value("${" + PROPERTY + "}") String port, @Value("${server.port:8080}") String serverPort) {
		int probePort = ProbeListener.port(port, serverPort);
		return (factory) -> factory.addAdditionalConnectors(connector(probePort));
	}

	/**
	 * First of all filters: a request the port does not serve costs no more than its refusal.
	 */
	@Bean
	FilterRegistrationBean<ProbeListener> probeListener(@Value("${" + PROPERTY + "}") String port,
			@Value("${server.port:8080}") String serverPort, JsonMapper jsonMapper) {
		FilterRegistrationBean<ProbeListener> registration = new FilterRegistrationBean<>(
				new ProbeListener(ProbeListener.port(port, serverPort), jsonMapper));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * The connector of the port, with its own threads: Spring Boot's settings of
	 * {@code server.tomcat.*} stay with the main port's.
	 */
	static Connector connector(int port) {
		Connector connector = new Connector();
		connector.setPort(port);
		connector.setProperty("maxThreads", String.valueOf(ProbeListener.THREADS));
		connector.setProperty("minSpareThreads", "1");
		return connector;
	}

}
