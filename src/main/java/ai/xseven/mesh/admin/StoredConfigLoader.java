package ai.xseven.mesh.admin;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.registry.ServiceSnapshot;
import ai.xseven.mesh.registry.ServiceState;
import ai.xseven.mesh.registry.ServiceStateListener;
import ai.xseven.mesh.startup.BeforeServicesStart;

import org.springframework.core.annotation.Order;
import org.springframework.core.task.TaskExecutor;

/**
 * Puts the stored runtime configuration in force before the services connect: first in the
 * background start-up, once the schema is up to date (so that a new database is never read before
 * its tables exist); when the database cannot be read then, once the {@code database} service runs.
 */
@Order(0)
class StoredConfigLoader implements BeforeServicesStart, ServiceStateListener {

	private static final Log logger = LogFactory.getLog(StoredConfigLoader.class);

	private static final String DATABASE = "database";

	static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	private final ConfigReloader reloader;

	private final Runnable schemaMigration;

	private final TaskExecutor executor;

	private final AtomicBoolean pending = new AtomicBoolean();

	StoredConfigLoader(ConfigReloader reloader, Runnable schemaMigration, ServiceRegistry registry,
			TaskExecutor executor) {
		this.reloader = reloader;
		this.schemaMigration = schemaMigration;
		this.executor = executor;
		registry.addListener(this);
	}

	/**
	 * Brings the schema up to date and reads the stored changes, waiting at most
	 * {@link #READ_TIMEOUT}, so that an unreachable database holds up the services by no more.
	 */
	@Override
	public void prepare() {
		CompletableFuture<Boolean> read = CompletableFuture.supplyAsync(() -> {
			this.schemaMigration.run();
			return this.reloader.loadStored();
		}, this.executor);
		try {
			read.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			deferred("the database did not answer within " + READ_TIMEOUT.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			deferred(Failures.describe(ex.getCause()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			deferred("interrupted");
		}
	}

	private void deferred(String reason) {
		this.pending.set(true);
		logger.warn("Stored configuration changes could not be read (" + reason
				+ "); the host starts on its other sources and applies them once the database is back");
	}

	@Override
	public void stateChanged(ServiceSnapshot previous, ServiceSnapshot current) {
		if (DATABASE.equals(current.name()) && current.state() == ServiceState.RUNNING
				&& this.pending.compareAndSet(true, false)) {
			this.executor.execute(() -> {
				try {
					if (this.reloader.loadStored()) {
						logger.info("Stored configuration changes applied now that the database is back");
					}
				}
				catch (RuntimeException ex) {
					logger.warn("Stored configuration changes could not be applied: " + Failures.describe(ex));
				}
			});
		}
	}

}
