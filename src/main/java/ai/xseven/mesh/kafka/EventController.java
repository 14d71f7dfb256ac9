package ai.xseven.mesh.kafka;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Size;

import ai.xseven.mesh.web.JsonDocuments;
import ai.xseven.mesh.web.RequestBodies;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/events/{topic}?key=…}: the posted JSON becomes the record's value, byte for
 * byte. The body is checked by streaming through it, never parsed into a tree.
 */
@RestController
class EventController {

	/**
	 * The longest key, in characters: at most 2,048 bytes in UTF-8, so that with its topic it
	 * fits in an entry of the outbox's index of keys.
	 */
	static final int MAX_KEY_LENGTH = 512;

	private final EventPublisher publisher;

	private final KafkaProperties properties;

	EventController(EventPublisher publisher, KafkaProperties properties) {
		this.publisher = publisher;
		this.properties = properties;
	}

	@PostMapping(path = "/api/events/{topic}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<PublishResult> publish(@PathVariable @KafkaTopic String topic,
			@RequestParam(required = false) @Size(max = MAX_KEY_LENGTH,
					message = "must be at most " + MAX_KEY_LENGTH + " characters") String key,
			HttpServletRequest request) throws IOException {
		byte[] body = RequestBodies.read(request, this.properties.getOutbox().getMaxEventBytes());
		JsonDocuments.require("body", body);
		PublishResult result = this.publisher.publish(topic, key, body);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(result);
	}

}
