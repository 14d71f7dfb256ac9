package ai.xseven.mesh.health;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import ai.xseven.mesh.startup.StartupProperties;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests ({@code deploy/k8s}) and the {@code Dockerfile} against the host's own
 * settings: the ports, probe paths the probe port answers, a grace period above the shutdown
 * budget, a non-root user, every secret from the Secret and the mounted file's settings known to
 * the host. Neither can be run here, so this is what keeps them from drifting.
 */
class DeploymentManifestTests {

	private static final Path K8S = Path.of("deploy", "k8s");

	@Test
	void portsAreTheHostsAndTheProbesGoToThePathsTheProbePortServes() throws IOException {
		Map<String, Object> container = container();
		Map<String, Integer> ports = new HashMap<>();
		for (Map<String, Object> port : list(container, "ports")) {
			ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
		}
		Map<String, String> env = env(container);
		int serverPort = Integer.parseInt(applicationSetting("server.port"));
		assertThat(ports).containsEntry("http", serverPort);
		assertThat(env).containsEntry("SERVER_PORT", Integer.toString(serverPort));
		assertThat(ProbeListener.port(env.get("MESH_PROBE_PORT"), env.get("SERVER_PORT"))).isEqualTo(ports.get("probes"));
		Map<String, String> probes = Map.of("startupProbe", "/actuator/health/liveness", "livenessProbe",
				"/actuator/health/liveness", "readinessProbe", "/actuator/health/readiness");
		probes.forEach((probe, path) -> {
			Map<String, Object> get = map(map(container, probe), "httpGet");
			assertThat(get).as(probe).containsEntry("path", path).containsEntry("port", "probes");
			assertThat(ProbeListener.serves("GET", path)).as(probe + " on the probe port").isTrue();
		});
		Map<String, Object> annotations = map(map(map(deployment(), "spec"), "template"), "metadata");
		assertThat(map(annotations, "annotations")).containsEntry("prometheus.io/port", ports.get("probes").toString())
			.containsEntry("prometheus.io/path", "/actuator/prometheus");
		assertThat(ProbeListener.serves("GET", "/actuator/prometheus")).isTrue();
		Map<String, Object> service = load(K8S.resolve("service.yaml"));
		assertThat(list(map(service, "spec"), "ports")).singleElement()
			.satisfies((port) -> assertThat(port).containsEntry("port", serverPort).containsEntry("targetPort", "http"));
	}

	@Test
	void theGracePeriodIsAboveTheHostsShutdownBudget() throws IOException {
		Map<String, Object> pod = map(map(map(deployment(), "spec"), "template"), "spec");
		Duration deadline = new StartupProperties().getShutdownDeadline();
		Duration phase = Duration.parse("PT" + applicationSetting("spring.lifecycle.timeout-per-shutdown-phase"));
		int grace = (Integer) pod.get("terminationGracePeriodSeconds");
		assertThat(Duration.ofSeconds(grace)).isGreaterThan(deadline).isGreaterThan(phase);
	}

	@Test
	void runsAsNonRootAndMemoryCoversTheHeap() throws IOException {
		Map<String, Object> pod = map(map(map(deployment(), "spec"), "template"), "spec");
		Map<String, Object> security = map(pod, "securityContext");
		assertThat(security).containsEntry("runAsNonRoot", true);
		assertThat((Integer) security.get("runAsUser")).isPositive();
		Map<String, Object> container = container();
		assertThat(map(container, "securityContext")).containsEntry("allowPrivilegeEscalation", false);
		String request = (String) map(map(container, "resources"), "requests").get("memory");
		assertThat(mebibytes(request)).as("memory request in MiB").isGreaterThan(512);
		String dockerfile = Files.readString(Path.of("Dockerfile"));
		assertThat(dockerfile).contains("-Xmx512m").contains("USER " + security.get("runAsUser"))
			.contains("extract --destination").contains("-XX:AOTCache=");
	}

	@Test
	void secretsComeFromTheSecretAndTheMountedFileHoldsOnlyKnownSettings() throws IOException {
		Map<String, String> env = env(container());
		Set<String> fromSecrets = new TreeSet<>();
		for (Map<String, Object> variable : list(container(), "env")) {
			Object from = variable.get("valueFrom");
			if (from instanceof Map<?, ?> source && source.get("secretKeyRef") != null) {
				fromSecrets.add((String) variable.get("name"));
			}
		}
		assertThat(fromSecrets).contains("DATABASE_PASSWORD", "REDIS_PASSWORD", "OPENAI_API_KEY", "ELEVENLABS_API_KEY",
				"ADMIN_TOKEN", "ENCRYPT_KEY");
		assertThat(env).doesNotContainKeys(fromSecrets.toArray(String[]::new));
		String example = Files.readString(Path.of("config", "service_mesh.yml.example"));
		Map<String, Object> mounted = load(K8S.resolve("service_mesh.yml"));
		mounted.forEach((section, settings) -> ((Map<?, ?>) settings).keySet().forEach((key) -> assertThat(example)
			.as(section + "." + key + " is a setting of the host")
			.containsPattern("(?m)^" + section + ":(?:\\n(?:  .*|#.*|))*?\\n  " + key + ":")));
		assertThat(Files.readString(K8S.resolve("kustomization.yaml"))).contains("service_mesh.yml")
			.contains("deployment.yaml").contains("service.yaml").contains("pdb.yaml");
	}

	private static long mebibytes(String quantity) {
		Matcher matcher = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
		assertThat(matcher.matches()).as(quantity).isTrue();
		return Long.parseLong(matcher.group(1)) * ("Gi".equals(matcher.group(2)) ? 1024 : 1);
	}

	private static String applicationSetting(String name) throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application",
				new FileSystemResource("src/main/resources/application.yml"));
		return sources.stream().map((source) -> source.getProperty(name)).filter(Objects::nonNull)
			.map(Object::toString).findFirst().orElseThrow();
	}

	private static Map<String, Object> deployment() throws IOException {
		return load(K8S.resolve("deployment.yaml"));
	}

	private static Map<String, Object> container() throws IOException {
		List<Map<String, Object>> containers = list(map(map(map(deployment(), "spec"), "template"), "spec"),
				"containers");
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static Map<String, String> env(Map<String, Object> container) {
		Map<String, String> values = new HashMap<>();
		for (Map<String, Object> variable : list(container, "env")) {
			if (variable.get("value") != null) {
				values.put((String) variable.get("name"), variable.get("value").toString());
			}
		}
		return values;
	}

	private static Map<String, Object> load(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return new Yaml().load(reader);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		assertThat(value).as(key).isInstanceOf(List.class);
		return (List<Map<String, Object>>) value;
	}

}
