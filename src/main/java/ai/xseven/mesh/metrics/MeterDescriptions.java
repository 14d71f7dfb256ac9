package ai.xseven.mesh.metrics;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Gives a help text to the meters that Spring's observations register without one, so that
 * every family of a scrape says what it counts (Prometheus' own metrics check asks for it). A
 * meter that has a description keeps it.
 */
public final class MeterDescriptions implements MeterFilter {

	private final Map<String, String> descriptions;

	public MeterDescriptions(Map<String, String> descriptions) {
		this.descriptions = Map.copyOf(descriptions);
	}

	/**
	 * The descriptions of the meters of the host's HTTP server and language-model client.
	 * @return the filter
	 */
	public static MeterDescriptions ofTheHost() {
		return new MeterDescriptions(Map.of(
				"http.server.requests", "HTTP requests answered, by method, URI template, status and outcome",
				"http.server.requests.active", "HTTP requests being answered",
				"gen_ai.client.operation", "Calls to the language-model provider, by operation and model",
				"gen_ai.client.operation.active", "Calls to the language-model provider in progress"));
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		String description = this.descriptions.get(id.getName());
		if (description == null || id.getDescription() != null) {
			return id;
		}
		return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description,
				id.getType());
	}

}
