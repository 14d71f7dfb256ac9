package ai.xseven.mesh.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The names, tags and descriptions of the host's own meters, in one place. Prometheus shows
 * them with dots as underscores and their unit or {@code _total} appended.
 */
public final class MeshMeters {

	/** {@code mesh_service_up{service}}: 1 when the service is UP, else 0. */
	public static final String SERVICE_UP = "mesh.service.up";

	/** The runtime configuration version in force on this instance. */
	public static final String CONFIG_VERSION = "mesh.config.version";

	/** {@code mesh_service_health_check_seconds{service}}: how long its health checks take. */
	public static final String SERVICE_HEALTH_CHECK = "mesh.service.health.check";

	/** {@code mesh_service_startup_seconds{service}}: how long its last successful start took. */
	public static final String SERVICE_STARTUP = "mesh.service.startup";

	/** {@code mesh_service_restarts_total{service}}: restarts asked for through the admin API. */
	public static final String SERVICE_RESTARTS = "mesh.service.restarts";

	/** {@code mesh_fallbacks_total{service,path}}: degradation paths taken. */
	public static final String FALLBACKS = "mesh.fallbacks";

	/** {@code mesh_breaker_transitions_total{breaker,from,to}}: circuit breaker state changes. */
	public static final String BREAKER_TRANSITIONS = "mesh.breaker.transitions";

	/** {@code mesh_outbox_pending}: events waiting in the outbox for Kafka. */
	public static final String OUTBOX_PENDING = "mesh.outbox.pending";

	/** {@code mesh_outbox_relayed_total}: events published from the outbox. */
	public static final String OUTBOX_RELAYED = "mesh.outbox.relayed";

	/** {@code mesh_outbox_oldest_seconds}: how long the oldest queued event has waited. */
	public static final String OUTBOX_OLDEST = "mesh.outbox.oldest";

	/** {@code mesh_outbox_dead_letters}: events the broker refused for good, kept aside. */
	public static final String OUTBOX_DEAD_LETTERS = "mesh.outbox.dead.letters";

	/** {@code mesh_events_rejected_total{reason}}: events answered 413 or 503. */
	public static final String EVENTS_REJECTED = "mesh.events.rejected";

	/** {@code mesh_api_rejected_total{family}}: /api requests refused beyond their family's bound. */
	public static final String API_REJECTED = "mesh.api.rejected";

	public static final String TAG_SERVICE = "service";

	/** Whether the service is required: {@code true} or {@code false}. */
	public static final String TAG_REQUIRED = "required";

	public static final String TAG_FAMILY = "family";

	public static final String TAG_REASON = "reason";

	public static final String TAG_PATH = "path";

	private MeshMeters() {
	}

	/**
	 * Counts one degradation path taken.
	 * @param registry where to count
	 * @param service the service whose dependency was unavailable
	 * @param path what was done instead, e.g. {@code cache-get-miss}
	 */
	public static void fallback(MeterRegistry registry, String service, String path) {
		Counter.builder(FALLBACKS)
			.description("Degradation paths taken because a dependency was unavailable")
			.tag(TAG_SERVICE, service)
			.tag(TAG_PATH, path)
			.register(registry)
			.increment();
	}

}
