package ai.xseven.mesh.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoints README.md's table lists, as {@code "GET /health/system"}: the mesh's own, without
 * the status page ({@code /}), Actuator's ({@code /actuator/**}) and the OpenAPI description's
 * own ({@code /v3/api-docs}, {@code /swagger-ui.html}).
 */
public final class ReadmeEndpoints {

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	private static final Pattern ENDPOINT = Pattern.compile("(?:(GET|POST|PUT|PATCH|DELETE) )?(/[^ ?]*)(?:\\?.*)?");

	private ReadmeEndpoints() {
	}

	public static Set<String> read(Path readme) throws IOException {
		List<String> lines = Files.readAllLines(readme);
		int start = lines.indexOf("## Endpoints");
		if (start < 0) {
			throw new IllegalStateException("README.md has no '## Endpoints' section");
		}
		Set<String> endpoints = new TreeSet<>();
		for (String line : lines.subList(start + 1, lines.size())) {
			if (line.startsWith("## ")) {
				break;
			}
			if (!line.startsWith("| `")) {
				continue;
			}
			String first = line.substring(2, line.indexOf(" |", 2));
			String method = null;
			Matcher code = CODE.matcher(first);
			while (code.find()) {
				Matcher endpoint = ENDPOINT.matcher(code.group(1));
				if (!endpoint.matches()) {
					continue;
				}
				method = (endpoint.group(1) != null) ? endpoint.group(1) : method;
				String path = endpoint.group(2);
				if (method != null && !path.equals("/") && !path.startsWith("/actuator") && !path.startsWith("/v3/")
						&& !path.startsWith("/swagger-ui")) {
					endpoints.add(method + " " + path);
				}
			}
		}
		return endpoints;
	}

}
