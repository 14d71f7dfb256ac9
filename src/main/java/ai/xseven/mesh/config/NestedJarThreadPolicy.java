package ai.xseven.mesh.config;

import java.net.URL;
import java.security.CodeSource;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns virtual threads off while the host's classes are loaded from the nested jars of the
 * packaged {@code xseven-mesh.jar}.
 * <p>
 * Spring Boot's nested-jar class loader guards each jar with monitors, and a virtual thread that
 * loads a class pins its carrier while it waits for one of them. When every carrier is pinned that
 * way and the virtual thread that holds the monitor is unmounted, nothing can run again: the host
 * hangs during start-up (spring-boot#51379, spring-boot#51463). With platform threads the holder
 * always has a thread of its own, so it finishes and lets the others in. The extracted layout,
 * the exploded classpath and the tests load from plain jars through the JDK's class loader and
 * keep virtual threads.
 */
class NestedJarThreadPolicy implements EnvironmentPostProcessor, Ordered {

	static final String VIRTUAL_THREADS = "spring.threads.virtual.enabled";

	static final String PROPERTY_SOURCE_NAME = "meshNestedJarThreads";

	private final Log logger;

	private final boolean nestedJar;

	public NestedJarThreadPolicy(DeferredLogFactory logFactory) {
		this(logFactory.getLog(NestedJarThreadPolicy.class), loadedFromNestedJar(NestedJarThreadPolicy.class));
	}

	NestedJarThreadPolicy(Log logger, boolean nestedJar) {
		this.logger = logger;
		this.nestedJar = nestedJar;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean virtual = environment.getProperty(VIRTUAL_THREADS, Boolean.class, false);
		if (!this.nestedJar || !virtual || Runtime.version().feature() < 21) {
			return;
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(VIRTUAL_THREADS, false)));
		this.logger.info("Virtual threads are off: the host runs from the packaged jar, whose nested-jar class loader "
				+ "can deadlock virtual threads (https://github.com/spring-projects/spring-boot/issues/51463). "
				+ "The extracted layout runs requests on virtual threads (README.md, Running in production).");
	}

	/**
	 * After the configuration files are read, so that their value of the setting is seen.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	static boolean loadedFromNestedJar(Class<?> type) {
		CodeSource source = type.getProtectionDomain().getCodeSource();
		URL location = (source != null) ? source.getLocation() : null;
		return location != null && location.toString().startsWith("jar:nested:");
	}

}
