package ai.xseven.mesh.config.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.ConfigServerLayer;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.health.HealthProperties;

/**
 * The one way a configuration comes in force, whatever its source (a change, a rollback, a
 * breaker command, an edit of the file, a config-server refresh, a version stored by another
 * instance or read at start): bind fresh sections from the candidate and validate all of them,
 * tell what they change, probe the changed connection targets, swap them in, reconnect the
 * services they touch in dependency order, and on a failure swap the old ones back and
 * reconnect those services again. What to do with the result (store it, report it) is the
 * caller's.
 */
class ConfigTransaction {

	private static final Log logger = LogFactory.getLog(ConfigTransaction.class);

	private static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);

	private final ConfigBinder binder;

	private final ServiceReconnector reconnector;

	private final TargetProber prober;

	private final RuntimeOverrides overrides;

	private final ConfigServerLayer configServer;

	ConfigTransaction(ConfigBinder binder, ServiceReconnector reconnector, TargetProber prober,
			RuntimeOverrides overrides, ConfigServerLayer configServer) {
		this.binder = binder;
		this.reconnector = reconnector;
		this.prober = prober;
		this.overrides = overrides;
		this.configServer = configServer;
	}

	/**
	 * Binds and validates a candidate and tells what it changes against the configuration in force.
	 * @param candidate the candidate
	 * @param errors where every error goes; when there is one, nothing else is to be done
	 * @return the binding, what it changes and the services that would reconnect
	 */
	Prepared prepare(ConfigBinder.Candidate candidate, List<ConfigError> errors) {
		ConfigBinder.Binding binding = this.binder.bind(candidate, errors);
		if (!errors.isEmpty()) {
			return new Prepared(binding, Map.of(), List.of());
		}
		Map<String, Map<String, Object>> diff = this.binder.diff(binding.snapshot());
		return new Prepared(binding, diff, this.reconnector.affected(diff.keySet()));
	}

	/**
	 * Asks the changed connection targets of some services whether they answer, each within the
	 * health timeout about to be in force.
	 * @param prepared what is about to change
	 * @param services the services whose targets to ask, {@code null} for every service's
	 * @return why one did not answer, {@code null} when all did
	 */
	String probe(Prepared prepared, Collection<String> services) {
		Map<String, Object> probed = new LinkedHashMap<>(prepared.binding().snapshot().sections());
		if (services != null) {
			probed.keySet().retainAll(services);
		}
		return this.prober.probe(probed, prepared.changes().keySet(), probeTimeout(prepared.binding()));
	}

	// A probe may take as long as a health check: the timeout of the health settings about to be in force.
	private static Duration probeTimeout(ConfigBinder.Binding binding) {
		return (binding.snapshot().sections().get("health") instanceof HealthProperties health
				&& health.getTimeout() != null) ? health.getTimeout() : DEFAULT_PROBE_TIMEOUT;
	}

	/**
	 * Swaps the prepared configuration in and reconnects services.
	 * @param prepared what to put in force
	 * @param services the services to reconnect, in start order
	 * @return what was in force before, who restarted, and why a service did not run again
	 */
	Applied apply(Prepared prepared, List<String> services) {
		ConfigBinder.InForce before = this.binder.put(prepared.binding());
		List<String> restarted = new ArrayList<>();
		String failure = this.reconnector.reconnect(services, restarted, prepared.changes().keySet());
		return new Applied(before, services, prepared.changes().keySet(), restarted, failure);
	}

	/**
	 * Swaps back what was in force before an applied configuration and reconnects its services
	 * again.
	 * @param applied what {@link #apply} returned
	 * @return what did not come back, as a clause to add to the report, empty when all did
	 */
	String undo(Applied applied) {
		this.binder.restore(applied.before());
		String failure = this.reconnector.reconnect(applied.services(), new ArrayList<>(), applied.changedKeys());
		if (failure != null) {
			logger.error("After a failed configuration change, the old settings are back but " + failure);
			return "; the old settings are back but " + failure;
		}
		return "";
	}

	/**
	 * A bound and validated candidate.
	 *
	 * @param binding its binding
	 * @param changes each setting it changes with its old and new value
	 * @param affected the services whose settings it changes, in start order
	 */
	record Prepared(ConfigBinder.Binding binding, Map<String, Map<String, Object>> changes, List<String> affected) {
	}

	/**
	 * A configuration put in force.
	 *
	 * @param before what was in force before it
	 * @param services the services reconnected
	 * @param changedKeys the settings it changed
	 * @param restarted the services restarted, dependents included
	 * @param failure why a service did not run again, {@code null} when all did
	 */
	record Applied(ConfigBinder.InForce before, List<String> services, Set<String> changedKeys, List<String> restarted,
			String failure) {
	}

}
