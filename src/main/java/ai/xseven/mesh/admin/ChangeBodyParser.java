package ai.xseven.mesh.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.runtime.InvalidConfigurationException;

/**
 * Reads the body of {@code POST /admin/config}: sections of changed settings, as flat names.
 */
class ChangeBodyParser {

	private final JsonMapper jsonMapper;

	ChangeBodyParser(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * The body's sections of changed settings as flat names: {@code {"redis": {"host": "x"}}}
	 * is {@code redis.host=x}; a {@code null} value removes the runtime value.
	 */
	Map<String, Object> parse(byte[] body) {
		JsonNode root;
		try {
			root = this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new InvalidConfigurationException(
					List.of(new ConfigError("body", "is not valid JSON: " + ex.getOriginalMessage())));
		}
		if (root == null || !root.isObject() || root.isEmpty()) {
			throw new InvalidConfigurationException(
					List.of(new ConfigError("body", "must be an object of sections, e.g. {\"redis\": {\"host\": \"…\"}}")));
		}
		Map<String, Object> changes = new LinkedHashMap<>();
		List<ConfigError> errors = new ArrayList<>();
		root.properties().forEach((section) -> {
			if (!section.getValue().isObject()) {
				errors.add(new ConfigError(section.getKey(), "must be an object of settings"));
			}
			else {
				flatten(section.getKey(), section.getValue(), changes, errors);
			}
		});
		if (!errors.isEmpty()) {
			throw new InvalidConfigurationException(errors);
		}
		return changes;
	}

	private static void flatten(String path, JsonNode node, Map<String, Object> changes, List<ConfigError> errors) {
		node.properties().forEach((entry) -> {
			String name = path + "." + entry.getKey();
			JsonNode value = entry.getValue();
			if (value.isObject()) {
				flatten(name, value, changes, errors);
			}
			else if (value.isNull()) {
				changes.put(name, null);
			}
			else if (value.isValueNode()) {
				changes.put(name, value.asString());
			}
			else {
				errors.add(new ConfigError(name, "must be a single value"));
			}
		});
	}

}
