package ai.xseven.mesh.temporal;

import java.io.IOException;
import java.util.regex.Pattern;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.common.converter.RawValue;
import jakarta.servlet.http.HttpServletRequest;

import ai.xseven.mesh.web.ApiError;
import ai.xseven.mesh.web.InvalidRequestException;
import ai.xseven.mesh.web.JsonDocuments;
import ai.xseven.mesh.web.RequestBodies;
import ai.xseven.mesh.workflow.WorkflowStarted;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/workflows/{type}} starts a workflow with the posted JSON as its argument;
 * {@code GET /api/workflows/{id}} reads its status and result.
 */
@RestController
class WorkflowController {

	static final int MAX_ARGUMENT_BYTES = 1024 * 1024;

	// The encoding of Temporal's own JSON payloads, which its default converter reads back.
	private static final ByteString JSON_ENCODING = ByteString.copyFromUtf8("json/plain");

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,255}");

	private final WorkflowGateway gateway;

	WorkflowController(WorkflowGateway gateway) {
		this.gateway = gateway;
	}

	@PostMapping(path = "/api/workflows/{type}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<WorkflowStarted> start(@PathVariable String type, HttpServletRequest request) throws IOException {
		if (!NAME.matcher(type).matches()) {
			throw InvalidRequestException.of("type", "must be 1 to 255 letters, digits, '_', '.' or '-'");
		}
		// Before the body is read: an unknown type costs no more than its headers.
		if (!this.gateway.hosts(type)) {
			throw new UnknownWorkflowTypeException(type);
		}
		byte[] body = RequestBodies.read(request, MAX_ARGUMENT_BYTES);
		RawValue argument = null;
		if (!blank(body)) {
			// Checked by streaming through it, then handed to Temporal as the JSON payload it is,
			// never built into a tree.
			JsonDocuments.require("body", body);
			argument = new RawValue(Payload.newBuilder()
				.putMetadata(EncodingKeys.METADATA_ENCODING_KEY, JSON_ENCODING)
				.setData(UnsafeByteOperations.unsafeWrap(body))
				.build());
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.gateway.start(type, argument));
	}

	// An empty body, or one of white space only, is a start without an argument.
	private static boolean blank(byte[] body) {
		for (byte b : body) {
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return false;
			}
		}
		return true;
	}

	@GetMapping("/api/workflows/{id}")
	WorkflowState describe(@PathVariable String id) {
		if (!NAME.matcher(id).matches()) {
			throw InvalidRequestException.of("id", "must be 1 to 255 letters, digits, '_', '.' or '-'");
		}
		return this.gateway.describe(id);
	}

	@ExceptionHandler
	ResponseEntity<ApiError> unknownType(UnknownWorkflowTypeException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of(ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> unknownWorkflow(WorkflowNotFoundException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of(ex.getMessage()));
	}

}
