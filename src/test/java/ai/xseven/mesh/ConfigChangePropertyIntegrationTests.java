package ai.xseven.mesh;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.jayway.jsonpath.JsonPath;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import ai.xseven.mesh.config.runtime.ChangeBodies;
import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.MeshHost;
import ai.xseven.mesh.support.MeshTestProperties;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated change bodies of the change path's property tests, through HTTP against one
 * running host, as dry runs (a real change would restart services for every try): each is
 * refused with 400 naming exactly the fields at fault, or accepted, and nothing changes.
 */
class ConfigChangePropertyIntegrationTests {

	static final JsonMapper json = JsonMapper.builder().build();

	static MeshHost host;

	static RestTestClient http;

	@BeforeContainer
	static void startHost() {
		host = MeshHost.start(Map.of("database.name", EmbeddedBackends.createDatabase("xseven_config_properties")));
		http = host.http();
	}

	@AfterContainer
	static void stopHost() {
		host.close();
	}

	@Property(tries = 200)
	void everyBodyIsRefusedForExactlyItsFaultsOrAcceptedAndNothingChanges(
			@ForAll("bodies") List<ChangeBodies.Entry> body) {
		String before = config();
		EntityExchangeResult<String> answer = http.post().uri("/admin/config?dryRun=true")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + MeshTestProperties.ADMIN_TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.body(document(body))
			.exchange()
			.returnResult(String.class);
		// The host's health interval is 3 s and its timeout 2 s.
		Set<String> expected = ChangeBodies.expectedErrors(body, Duration.ofSeconds(3), Duration.ofSeconds(2));
		if (expected.isEmpty()) {
			assertThat(answer.getStatus().value()).as(answer.getResponseBody()).isEqualTo(200);
		}
		else {
			assertThat(answer.getStatus().value()).as(answer.getResponseBody()).isEqualTo(400);
			List<String> fields = JsonPath.read(answer.getResponseBody(), "$.details[*].field");
			assertThat(new LinkedHashSet<>(fields)).isEqualTo(expected);
		}
		assertThat(config()).isEqualTo(before);
	}

	@Provide
	Arbitrary<List<ChangeBodies.Entry>> bodies() {
		return Arbitraries.oneOf(ChangeBodies.catalog()).list().ofMinSize(1).ofMaxSize(6)
			.uniqueElements(ChangeBodies.Entry::key);
	}

	// {"redis": {"port": "abc"}, "circuit-breakers": {"redis": {…}}}: sections of settings.
	private static String document(List<ChangeBodies.Entry> body) {
		ObjectNode root = json.createObjectNode();
		for (ChangeBodies.Entry entry : body) {
			String[] path = entry.key().split("\\.");
			ObjectNode node = root;
			for (int i = 0; i < path.length - 1; i++) {
				node = (node.get(path[i]) instanceof ObjectNode child) ? child : node.putObject(path[i]);
			}
			if (entry.value() == null) {
				node.putNull(path[path.length - 1]);
			}
			else {
				node.put(path[path.length - 1], entry.value());
			}
		}
		return json.writeValueAsString(root);
	}

	private static String config() {
		return http.get().uri("/admin/config")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + MeshTestProperties.ADMIN_TOKEN)
			.exchange()
			.returnResult(String.class)
			.getResponseBody();
	}

}
