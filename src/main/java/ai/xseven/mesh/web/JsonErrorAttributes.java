package ai.xseven.mesh.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;

/**
 * Gives the errors that Spring answers itself (unknown path, wrong method, unreadable body) the
 * host's error shape: {@code {"error": "…"}} with a sentence.
 */
@Component
class JsonErrorAttributes extends DefaultErrorAttributes {

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
		Map<String, Object> standard = super.getErrorAttributes(webRequest,
				options.including(ErrorAttributeOptions.Include.MESSAGE, ErrorAttributeOptions.Include.PATH));
		HttpStatus status = (standard.get("status") instanceof Integer code) ? HttpStatus.resolve(code) : null;
		String method = (webRequest instanceof ServletWebRequest servlet) ? servlet.getRequest().getMethod() + " " : "";
		StringBuilder sentence = new StringBuilder((status != null) ? status.getReasonPhrase() : "Error")
			.append(": ")
			.append(method)
			.append(standard.get("path"));
		// A server error's message may name internals, and a 404's only repeats the path.
		if (status != null && status.is4xxClientError() && status != HttpStatus.NOT_FOUND
				&& standard.get("message") instanceof String message && StringUtils.hasText(message)) {
			sentence.append(" (").append(StringUtils.trimTrailingCharacter(message, '.')).append(')');
		}
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("error", sentence.append('.').toString());
		return attributes;
	}

}
