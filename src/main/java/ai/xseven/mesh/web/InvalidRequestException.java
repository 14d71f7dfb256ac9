package ai.xseven.mesh.web;

import java.util.List;

/**
 * Thrown for a request whose fields are at fault; answered 400 with every one of them.
 */
public class InvalidRequestException extends RuntimeException {

	private final List<ApiError.FieldError> details;

	public InvalidRequestException(String message, List<ApiError.FieldError> details) {
		super(message);
		this.details = List.copyOf(details);
	}

	public static InvalidRequestException of(String field, String message) {
		return new InvalidRequestException("invalid request", List.of(new ApiError.FieldError(field, message)));
	}

	public List<ApiError.FieldError> getDetails() {
		return this.details;
	}

}
