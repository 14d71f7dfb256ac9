package ai.xseven.mesh.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer: a sentence, and the fields at fault when there are any.
 *
 * @param error what went wrong, as a sentence
 * @param details the fields at fault, left out when none are
 */
public record ApiError(String error, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> details) {

	public static ApiError of(String error) {
		return new ApiError(error, List.of());
	}

	/**
	 * One field at fault.
	 *
	 * @param field the field, as a property path
	 * @param message what is wrong with it
	 */
	public record FieldError(String field, String message) {
	}

}
