package ai.xseven.mesh.web;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	BulkheadRegistry apiBulkheadRegistry() {
		return BulkheadRegistry.ofDefaults();
	}

	/**
	 * Resilience4j's own {@code resilience4j_bulkhead_*} series for every family's bound.
	 */
	@Bean
	TaggedBulkheadMetrics apiBulkheadMetrics(BulkheadRegistry apiBulkheadRegistry) {
		return TaggedBulkheadMetrics.ofBulkheadRegistry(apiBulkheadRegistry);
	}

	/**
	 * After Spring Security's filters, wherever {@code spring.security.filter.order} puts them, so
	 * that a request refused there takes no place.
	 */
	@Bean
	FilterRegistrationBean<ApiConcurrency> apiConcurrency(BulkheadRegistry apiBulkheadRegistry,
			ApiProperties properties, JsonMapper jsonMapper, MeterRegistry meterRegistry,
			ObjectProvider<SecurityFilterProperties> securityFilter) {
		FilterRegistrationBean<ApiConcurrency> registration = new FilterRegistrationBean<>(new ApiConcurrency(
				apiBulkheadRegistry, properties.getMaxConcurrentRequests(), jsonMapper, meterRegistry));
		registration.addUrlPatterns(ApiConcurrency.PREFIX + "*");
		registration.setOrder(afterSecurity(securityFilter.getIfAvailable(SecurityFilterProperties::new)));
		return registration;
	}

	static int afterSecurity(SecurityFilterProperties securityFilter) {
		return securityFilter.getOrder() + 1;
	}

}
