package ai.xseven.mesh.web;

import ai.xseven.mesh.startup.RestartInProgressException;
import ai.xseven.mesh.startup.UnknownServiceException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the host's exceptions to JSON error answers.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	@ExceptionHandler
	ResponseEntity<ApiError> unknownService(UnknownServiceException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of(ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> restartInProgress(RestartInProgressException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiError.of(ex.getMessage()));
	}

}
