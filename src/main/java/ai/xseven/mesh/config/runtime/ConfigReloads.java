package ai.xseven.mesh.config.runtime;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The count of configuration changes by outcome ({@code mesh_config_reloads_total{result}}),
 * whatever their source.
 */
class ConfigReloads {

	static final String METER = "mesh.config.reloads";

	private final MeterRegistry meterRegistry;

	ConfigReloads(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
		List.of("applied", "rejected", "rolled_back").forEach((result) -> counter(result));
	}

	/**
	 * Counts one change.
	 * @param result {@code applied}, {@code rejected} or {@code rolled_back}
	 */
	void count(String result) {
		counter(result).increment();
	}

	private Counter counter(String result) {
		return Counter.builder(METER)
			.description("Configuration changes by outcome: applied, rejected, rolled back")
			.tag("result", result)
			.register(this.meterRegistry);
	}

}
