package ai.xseven.mesh.kafka;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.registry.Failures;

/**
 * This instance's hold on the relay's lease in the database: taken or renewed before each batch,
 * renewed again when reading the batch took long, given up when the relay stops. Used by the
 * relay's thread only.
 */
final class RelayLease {

	/** How long the lease lasts without a renewal. */
	static final Duration TTL = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(RelayLease.class);

	private final OutboxStore store;

	private final String instance;

	private boolean held;

	private long renewedAt;

	RelayLease(OutboxStore store, String instance) {
		this.store = store;
		this.instance = instance;
	}

	/**
	 * Takes or renews the lease.
	 * @return whether this instance holds it now
	 */
	boolean renew() {
		this.held = this.store.lease(this.instance, TTL);
		this.renewedAt = System.nanoTime();
		return this.held;
	}

	/**
	 * Renews the lease if a fifth of it has passed since the last renewal, so that a batch always
	 * starts with most of the lease before it.
	 * @return whether this instance holds it now
	 */
	boolean renewIfAged() {
		return (System.nanoTime() - this.renewedAt <= TTL.dividedBy(5).toNanos()) ? this.held : renew();
	}

	/**
	 * Gives the lease up, so that another instance takes over at once; when the database cannot
	 * take that, the lease runs out by itself.
	 */
	void release() {
		if (!this.held) {
			return;
		}
		try {
			this.store.releaseLease(this.instance);
			this.held = false;
		}
		catch (RuntimeException ex) {
			logger.debug("Relay lease not released (it runs out by itself): " + Failures.describe(ex));
		}
	}

}
