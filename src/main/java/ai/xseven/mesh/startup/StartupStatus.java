package ai.xseven.mesh.startup;

import java.util.List;

import ai.xseven.mesh.registry.ServiceSnapshot;

/**
 * The orchestrator's view of the start-up: its mode, why it fell back, whether the first
 * attempt of every service has ended, and each service's lifecycle.
 *
 * @param mode how the services were started
 * @param fallbackReason why the mesh start-up fell back to legacy, or {@code null}
 * @param completed whether the first start attempt of every service has ended
 * @param services every service, in registration order
 */
public record StartupStatus(StartupMode mode, String fallbackReason, boolean completed, List<ServiceSnapshot> services) {
}
