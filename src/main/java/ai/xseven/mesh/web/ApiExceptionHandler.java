package ai.xseven.mesh.web;

import java.util.List;

import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.startup.RestartInProgressException;
import ai.xseven.mesh.startup.UnknownServiceException;

import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * Maps the host's exceptions to JSON error answers.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	static final int DATABASE_RETRY_AFTER_SECONDS = 5;

	@ExceptionHandler
	ResponseEntity<ApiError> unknownService(UnknownServiceException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of(ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> notFound(NotFoundException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of(ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> restartInProgress(RestartInProgressException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiError.of(ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> conflict(ConflictException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiError.of(ex.getMessage()));
	}

	/**
	 * A statement the database did not answer (or refused) where nothing else handles it: nothing
	 * was changed, and the caller may try again in a while.
	 */
	@ExceptionHandler
	ResponseEntity<ApiError> databaseUnavailable(DataAccessException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(DATABASE_RETRY_AFTER_SECONDS))
			.body(ApiError.of("The database cannot answer: " + Failures.describe(ex)));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> preconditionFailed(PreconditionFailedException ex) {
		return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).body(ApiError.of(ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> unavailable(ServiceUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(ex.getRetryAfterSeconds()))
			.body(ApiError.of(ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> invalidRequest(InvalidRequestException ex) {
		return ResponseEntity.badRequest().body(new ApiError(ex.getMessage(), ex.getDetails()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> bodyTooLarge(BodyTooLargeException ex) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ApiError.of(ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> uploadTooLarge(MaxUploadSizeExceededException ex) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
			.body(ApiError.of("The uploaded file is larger than " + ex.getMaxUploadSize() + " bytes."));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> invalidArguments(HandlerMethodValidationException ex) {
		List<ApiError.FieldError> details = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new ApiError.FieldError(name(result.getMethodParameter()), error.getDefaultMessage())))
			.toList();
		return ResponseEntity.badRequest().body(new ApiError("invalid request", details));
	}

	private static String name(MethodParameter parameter) {
		PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
		if (path != null && !path.name().isEmpty()) {
			return path.name();
		}
		RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
		if (param != null && !param.name().isEmpty()) {
			return param.name();
		}
		return parameter.getParameterName();
	}

	@ExceptionHandler
	ResponseEntity<ApiError> invalidParameter(MethodArgumentTypeMismatchException ex) {
		Class<?> type = ex.getRequiredType();
		String expected = (type == boolean.class || type == Boolean.class) ? "true or false"
				: "a valid " + ((type != null) ? type.getSimpleName() : "value");
		return ResponseEntity.badRequest()
			.body(new ApiError("invalid request parameter",
					List.of(new ApiError.FieldError(ex.getName(), "must be " + expected))));
	}

}
