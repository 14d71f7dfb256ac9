package ai.xseven.mesh.config;

import java.util.Map;

import org.apache.commons.logging.impl.NoOpLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class NestedJarThreadPolicyTests {

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsAreOffWhenLoadedFromNestedJarsWhateverTheirSource() {
		StandardEnvironment environment = environmentWith(Map.of(NestedJarThreadPolicy.VIRTUAL_THREADS, "true"));
		new NestedJarThreadPolicy(new NoOpLog(), true).postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(NestedJarThreadPolicy.VIRTUAL_THREADS, Boolean.class)).isFalse();
	}

	@Test
	void virtualThreadsStayAsConfiguredWhenLoadedFromPlainJars() {
		StandardEnvironment environment = environmentWith(Map.of(NestedJarThreadPolicy.VIRTUAL_THREADS, "true"));
		new NestedJarThreadPolicy(new NoOpLog(), false).postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(NestedJarThreadPolicy.VIRTUAL_THREADS, Boolean.class)).isTrue();
		assertThat(environment.getPropertySources().contains(NestedJarThreadPolicy.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void theTestClasspathIsNotANestedJar() {
		assertThat(NestedJarThreadPolicy.loadedFromNestedJar(NestedJarThreadPolicy.class)).isFalse();
	}

	private static StandardEnvironment environmentWith(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addLast(new MapPropertySource("application.yml", properties));
		return environment;
	}

}
