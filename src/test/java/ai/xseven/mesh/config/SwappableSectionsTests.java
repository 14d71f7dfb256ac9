package ai.xseven.mesh.config;

import java.util.List;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.health.HealthTimeoutRule;
import ai.xseven.mesh.redis.RedisProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SwappableSectionsTests {

	private static final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(Sections.class)
		.withPropertyValues("redis.host=first-redis", "redis.port=6380");

	@Test
	void sectionBeanWhenSwappedShouldAnswerFromTheFreshInstanceWhileTheOldStaysAsItWas() {
		this.contextRunner.run((context) -> {
			RedisProperties injected = context.getBean(RedisProperties.class);
			ConfigSections sections = sections(context.getBean(SwappableSections.class), context);
			Object bound = sections.inForce().get("redis");
			RedisProperties fresh = new RedisProperties();
			fresh.setHost("second-redis");
			fresh.setPort(6381);

			Map<String, Object> previous = sections.swap(Map.of("redis", fresh));

			assertThat(injected.getHost()).isEqualTo("second-redis");
			assertThat(injected.getPort()).isEqualTo(6381);
			assertThat(SectionHolder.inForce(injected)).isSameAs(fresh);
			assertThat(previous.get("redis")).isSameAs(bound);
			assertThat(((RedisProperties) bound).getHost()).isEqualTo("first-redis");
			assertThat(((RedisProperties) bound).getPort()).isEqualTo(6380);
			sections.swap(previous);
			assertThat(injected.getHost()).isEqualTo("first-redis");
		});
	}

	@Test
	void validateConfigWhenSectionsAreBehindHoldersShouldCheckTheInstancesInForce() {
		this.contextRunner.run((context) -> {
			ConfigManager manager = new ConfigManager(context, validator);
			assertThat(manager.validateConfig()).isEmpty();
			RedisProperties invalid = new RedisProperties();
			invalid.setPort(0);
			sections(context.getBean(SwappableSections.class), context).swap(Map.of("redis", invalid));
			assertThat(manager.validateConfig()).extracting(ConfigError::field).containsExactly("redis.port");
		});
	}

	@Test
	void holdersWhenASectionBeanWasNotMadeSwappableShouldFail() {
		new ApplicationContextRunner().withUserConfiguration(Sections.class)
			.withInitializer((context) -> context.getBeanFactory().registerSingleton("late", new HealthProperties()))
			.run((context) -> assertThatIllegalStateException()
				.isThrownBy(() -> context.getBean(SwappableSections.class).holders(context))
				.withMessageContaining("'late'"));
	}

	private static ConfigSections sections(SwappableSections swappable, ApplicationContext context) {
		return new ConfigSections(swappable.holders(context), validator, List.of(new HealthTimeoutRule()));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ RedisProperties.class, HealthProperties.class })
	static class Sections {

		@Bean
		static SwappableSections swappableSections() {
			return new SwappableSections();
		}

	}

}
