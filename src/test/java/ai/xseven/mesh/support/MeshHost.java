package ai.xseven.mesh.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.xseven.mesh.XSevenMeshApplication;
import ai.xseven.mesh.startup.StartupOrchestrator;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A whole host started by a test that needs to stop it and start another one, as an operator
 * would restart it: on a random port, against the embedded backends unless told otherwise.
 */
public final class MeshHost implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private MeshHost(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts a host and waits for its start-up to finish.
	 * @param overrides properties that replace the embedded backends' ones
	 * @param sources extra configuration classes
	 * @return the running host
	 */
	public static MeshHost start(Map<String, Object> overrides, Class<?>... sources) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", 0);
		properties.putAll(MeshTestProperties.embeddedProperties());
		// Longer than the health timeout (2 s, or the 2.5 s some tests set), as it must be.
		properties.put("health.interval", "3s");
		properties.putAll(overrides);
		List<Class<?>> all = new ArrayList<>(List.of(XSevenMeshApplication.class));
		all.addAll(List.of(sources));
		// As command-line arguments, which win over every other source, as in the development host.
		String[] arguments = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(all.toArray(Class<?>[]::new))
			.run(arguments);
		context.getBean(StartupOrchestrator.class).awaitStartup(Duration.ofSeconds(60));
		return new MeshHost(context);
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public RestTestClient http() {
		return TestHttp.client(port());
	}

	@Override
	public void close() {
		this.context.close();
	}

}
