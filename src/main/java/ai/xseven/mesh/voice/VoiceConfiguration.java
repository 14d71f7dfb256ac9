package ai.xseven.mesh.voice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.resilience.HttpFailures;
import ai.xseven.mesh.resilience.OpenAiFailures;
import ai.xseven.mesh.resilience.ProviderCallPolicy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

@Configuration(proxyBeanMethods = false)
class VoiceConfiguration {

	static final String SERVICE = "voice";

	@Bean
	VoiceService voiceService(VoiceProperties properties, HealthProperties healthProperties,
			CircuitManager circuitManager, SimpleAsyncTaskExecutor meshTaskExecutor,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return new VoiceService(properties, healthProperties, circuitManager, meshTaskExecutor,
				observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	ServiceDefinition voiceServiceDefinition(VoiceProperties properties, VoiceService voiceService) {
		return ServiceDefinition.builder(SERVICE)
			.serviceClass(VoiceService.class)
			.healthCheck(voiceService)
			.required(properties.isRequired())
			.build();
	}

	/**
	 * One breaker per provider and direction, each created now so that it is listed before its
	 * first call.
	 */
	@Bean
	VoiceGateway voiceGateway(VoiceService voiceService, VoiceProperties properties, CircuitManager circuitManager,
			SimpleAsyncTaskExecutor providerCallExecutor, MeterRegistry meterRegistry) {
		Map<String, ProviderCallPolicy> policies = new LinkedHashMap<>();
		for (String tts : voiceService.ttsOrder()) {
			String breaker = "voice-tts-" + tts;
			policies.put(breaker, policy(breaker, classifier(tts), properties, circuitManager, providerCallExecutor));
		}
		String stt = "voice-stt-" + properties.getProvider();
		policies.put(stt, policy(stt, OpenAiFailures::classify, properties, circuitManager, providerCallExecutor));
		return new VoiceGateway(voiceService, policies, properties::getTimeout, meterRegistry);
	}

	private static Function<Throwable, ProviderCallPolicy.Failure> classifier(String provider) {
		return OpenAiVoice.NAME.equals(provider) ? OpenAiFailures::classify : HttpFailures::classify;
	}

	private static ProviderCallPolicy policy(String breaker, Function<Throwable, ProviderCallPolicy.Failure> classifier,
			VoiceProperties properties, CircuitManager circuitManager, SimpleAsyncTaskExecutor executor) {
		return new ProviderCallPolicy(circuitManager.current(breaker, ProviderCallPolicy.ignoresRateLimits(classifier)),
				properties::getTimeout, properties::getRetryBackoff, classifier, executor);
	}

}
