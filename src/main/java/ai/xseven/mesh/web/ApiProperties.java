package ai.xseven.mesh.web;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import ai.xseven.mesh.config.RestartRequired;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code api} section: the mesh's own {@code /api/**} endpoints.
 */
@ConfigurationProperties("api")
@Validated
public class ApiProperties {

	/**
	 * How many requests of each endpoint family ({@code /api/<family>/…}) run at once; beyond it
	 * a request is answered 503 with {@code Retry-After} at once. Sized so that every family at
	 * its bound with its largest bodies fits a 512 MiB heap: events and dspy take JSON up to
	 * 1 MiB, voice audio up to 25 MB.
	 */
	@RestartRequired
	private final Map<String, @NotNull @Min(1) @Max(10_000) Integer> maxConcurrentRequests = new LinkedHashMap<>(
			Map.of("events", 32, "workflows", 32, "dspy", 16, "voice", 4));

	public Map<String, Integer> getMaxConcurrentRequests() {
		return this.maxConcurrentRequests;
	}

}
