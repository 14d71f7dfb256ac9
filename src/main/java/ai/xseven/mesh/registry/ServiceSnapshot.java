package ai.xseven.mesh.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One service's lifecycle at a moment, as the orchestrator sees it.
 *
 * @param name the service's name
 * @param required whether the host is {@code DOWN} without it
 * @param state its lifecycle state
 * @param dependsOn the services it needs
 * @param error why its last start failed, or {@code null}
 * @param startupDuration how long its last successful start took, or {@code null}
 * @param stateChangedAt when it entered its state
 */
public record ServiceSnapshot(String name, boolean required, ServiceState state, List<String> dependsOn,
		String error, Duration startupDuration, Instant stateChangedAt) {
}
