package ai.xseven.mesh.dspy;

import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.cache.MeshCache;
import ai.xseven.mesh.config.ConnectionTarget;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.resilience.OpenAiFailures;
import ai.xseven.mesh.resilience.ProviderCallPolicy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class DspyConfiguration {

	static final String SERVICE = "dspy";

	@Bean
	LanguageModel languageModel(DspyProperties properties, HealthProperties healthProperties, JsonMapper jsonMapper,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return new LanguageModel(properties, healthProperties, new TrainingData(jsonMapper),
				observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	ServiceDefinition dspyServiceDefinition(DspyProperties properties, LanguageModel languageModel) {
		return ServiceDefinition.builder(SERVICE)
			.serviceClass(LanguageModel.class)
			.healthCheck(languageModel)
			.required(properties.isRequired())
			.build();
	}

	@Bean
	DemonstrationStore demonstrationStore(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate) {
		return new DemonstrationStore(jdbcTemplate, transactionTemplate);
	}

	@Bean
	DspyPredictor dspyPredictor(LanguageModel languageModel, CircuitManager circuitManager, MeshCache meshCache,
			DemonstrationStore demonstrationStore, DspyProperties properties,
			SimpleAsyncTaskExecutor providerCallExecutor, SimpleAsyncTaskExecutor meshTaskExecutor,
			MeterRegistry meterRegistry) {
		var breaker = circuitManager.current(SERVICE, ProviderCallPolicy.ignoresRateLimits(OpenAiFailures::classify));
		ProviderCallPolicy policy = new ProviderCallPolicy(breaker, properties::getTimeout, properties::getRetryBackoff,
				OpenAiFailures::classify, providerCallExecutor);
		return new DspyPredictor(languageModel, policy, breaker, meshCache, demonstrationStore, properties,
				meterRegistry, meshTaskExecutor);
	}

	@Bean
	TrainingActivities dspyTrainingActivities(LanguageModel languageModel, DspyPredictor dspyPredictor,
			DemonstrationStore demonstrationStore) {
		return new TrainingActivities(languageModel, dspyPredictor, demonstrationStore);
	}

	/**
	 * One instance per workflow execution, as Temporal needs.
	 */
	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	TrainingWorkflow dspyTrainingWorkflow(DspyProperties properties) {
		// Each activity is one prediction: its own timeout plus a margin for the worker.
		return new TrainingWorkflow(properties.getTimeout().plusSeconds(5));
	}

	@Bean
	ConnectionTarget dspyTarget() {
		return new ConnectionTarget("dspy", Set.of("dspy.base-url"),
				(section) -> ConnectionTarget.ofUrl(((DspyProperties) section).getBaseUrl()));
	}
}
