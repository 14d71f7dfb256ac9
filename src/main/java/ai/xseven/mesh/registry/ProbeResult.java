package ai.xseven.mesh.registry;

import java.util.Map;

/**
 * What one health probe found.
 *
 * @param healthy whether the dependency answered as expected
 * @param error why it is not up, or {@code null}
 * @param details what the probe found, shown in the service's {@code details}
 */
public record ProbeResult(boolean healthy, String error, Map<String, Object> details) {

	public ProbeResult {
		details = (details != null) ? Map.copyOf(details) : Map.of();
	}

	public static ProbeResult up() {
		return new ProbeResult(true, null, Map.of());
	}

	public static ProbeResult up(Map<String, Object> details) {
		return new ProbeResult(true, null, details);
	}

	public static ProbeResult down(String error) {
		return new ProbeResult(false, error, Map.of());
	}

	public static ProbeResult down(String error, Map<String, Object> details) {
		return new ProbeResult(false, error, details);
	}

}
