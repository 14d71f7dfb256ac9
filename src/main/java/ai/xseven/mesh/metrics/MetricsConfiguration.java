package ai.xseven.mesh.metrics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The shape of the scrape: which meters carry a help text. Which meters are left out is set in
 * {@code application.yml} ({@code management.metrics.enable}), where an operator can turn one
 * back on.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	@Bean
	MeterDescriptions meterDescriptions() {
		return MeterDescriptions.ofTheHost();
	}

}
