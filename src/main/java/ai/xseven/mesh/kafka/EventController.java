package ai.xseven.mesh.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.web.ApiError;
import ai.xseven.mesh.web.InvalidRequestException;
import ai.xseven.mesh.web.RequestBodies;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/events/{topic}?key=…}: the posted JSON becomes the record's value, unchanged.
 */
@RestController
class EventController {

	static final int MAX_KEY_LENGTH = 1024;

	private final EventPublisher publisher;

	private final JsonMapper jsonMapper;

	private final KafkaProperties properties;

	EventController(EventPublisher publisher, JsonMapper jsonMapper, KafkaProperties properties) {
		this.publisher = publisher;
		this.jsonMapper = jsonMapper;
		this.properties = properties;
	}

	@PostMapping(path = "/api/events/{topic}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<PublishResult> publish(@PathVariable String topic, @RequestParam(required = false) String key,
			HttpServletRequest request) throws IOException {
		List<ApiError.FieldError> errors = new ArrayList<>();
		String topicProblem = KafkaEventPublisher.topicProblem(topic);
		if (topicProblem != null) {
			errors.add(new ApiError.FieldError("topic", topicProblem));
		}
		if (key != null && key.length() > MAX_KEY_LENGTH) {
			errors.add(new ApiError.FieldError("key", "must be at most " + MAX_KEY_LENGTH + " characters"));
		}
		String json = new String(RequestBodies.read(request, this.properties.getOutbox().getMaxEventBytes()),
				StandardCharsets.UTF_8);
		String bodyProblem = jsonProblem(json);
		if (bodyProblem != null) {
			errors.add(new ApiError.FieldError("body", bodyProblem));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException("invalid event", errors);
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.publisher.publish(topic, key, json));
	}

	private String jsonProblem(String json) {
		if (json.isBlank()) {
			return "must be a JSON value";
		}
		try {
			this.jsonMapper.readTree(json);
			return null;
		}
		catch (JacksonException ex) {
			return "is not valid JSON: " + ex.getOriginalMessage();
		}
	}

}
