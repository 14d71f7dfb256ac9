package ai.xseven.mesh.startup;

import java.util.List;

/**
 * What a restart did.
 *
 * @param service the service asked for
 * @param restarted it and its dependents, in the order they were started again
 * @param running whether the service runs again
 * @param durationMs how long the restart took
 */
public record RestartResult(String service, List<String> restarted, boolean running, long durationMs) {
}
