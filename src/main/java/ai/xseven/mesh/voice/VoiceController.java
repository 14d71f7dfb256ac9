package ai.xseven.mesh.voice;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

import ai.xseven.mesh.web.InvalidRequestException;
import ai.xseven.mesh.web.RequestBodies;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/voice/tts} speaks a text ({@code X-Voice-Provider} names who spoke);
 * {@code POST /api/voice/stt} transcribes the audio of multipart field {@code file}.
 */
@RestController
class VoiceController {

	static final String PROVIDER_HEADER = "X-Voice-Provider";

	static final int MAX_TEXT_LENGTH = 4096;

	static final int MAX_BODY_BYTES = 64 * 1024;

	private final VoiceGateway gateway;

	VoiceController(VoiceGateway gateway) {
		this.gateway = gateway;
	}

	@PostMapping(path = "/api/voice/tts", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> speak(HttpServletRequest request) throws IOException {
		Synthesis speech = this.gateway
			.speak(RequestBodies.stringField(request, MAX_BODY_BYTES, "text", MAX_TEXT_LENGTH));
		return ResponseEntity.ok()
			.contentType(MediaType.valueOf(speech.contentType()))
			.header(PROVIDER_HEADER, speech.provider())
			.body(speech.audio());
	}

	@PostMapping(path = "/api/voice/stt", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Transcript transcribe(@RequestParam(name = "file", required = false) MultipartFile file) throws IOException {
		if (file == null || file.isEmpty()) {
			throw InvalidRequestException.of("file", "must be a non-empty audio file");
		}
		String filename = StringUtils.hasText(file.getOriginalFilename()) ? file.getOriginalFilename() : "audio.mp3";
		// The upload stays where the multipart support put it (a temporary file) and is streamed
		// to the provider from there, never read into memory whole.
		return new Transcript(this.gateway.transcribe(file.getResource(), filename));
	}

	/**
	 * The answer of speech to text.
	 *
	 * @param text what was said
	 */
	record Transcript(String text) {
	}

}
