package ai.xseven.mesh.config.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.config.SchemaMigration;
import ai.xseven.mesh.config.StoredVersion;
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
 * <p>
 * An unreachable database holds the services up by at most {@link #ANSWER_TIMEOUT}; one that
 * answers gets the start timeout of a service for its migration and the read. A read that ends
 * after its wait is never applied late: the services may be connecting by then, and the stored
 * changes are read again once the {@code database} service runs.
 */
@Order(0)
class StoredConfigLoader implements BeforeServicesStart, ServiceStateListener {

	private static final Log logger = LogFactory.getLog(StoredConfigLoader.class);

	private static final String DATABASE = "database";

	static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);

	private final StoredChanges changes;

	private final SchemaMigration schema;

	private final TaskExecutor executor;

	private final Supplier<Duration> migrationTimeout;

	private final AtomicBoolean pending = new AtomicBoolean();

	StoredConfigLoader(StoredChanges changes, SchemaMigration schema, ServiceRegistry registry, TaskExecutor executor,
			Supplier<Duration> migrationTimeout) {
		this.changes = changes;
		this.schema = schema;
		this.executor = executor;
		this.migrationTimeout = migrationTimeout;
		registry.addListener(this);
	}

	@Override
	public void prepare() {
		CompletableFuture<Void> answered = new CompletableFuture<>();
		CompletableFuture<Optional<StoredVersion>> read = CompletableFuture.supplyAsync(() -> {
			this.changes.ping();
			answered.complete(null);
			this.schema.migrate();
			this.changes.seal();
			return this.changes.read();
		}, this.executor);
		try {
			CompletableFuture.anyOf(answered, read).get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			deferred("the database did not answer within " + ANSWER_TIMEOUT.toMillis() + " ms");
			return;
		}
		catch (ExecutionException ex) {
			deferred(Failures.describe(ex.getCause()));
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			deferred("interrupted");
			return;
		}
		Duration timeout = this.migrationTimeout.get();
		try {
			read.get(timeout.toMillis(), TimeUnit.MILLISECONDS).ifPresent(this.changes::apply);
		}
		catch (TimeoutException ex) {
			deferred("the schema migration and the read did not end within " + timeout.toMillis() + " ms");
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
					this.changes.seal();
					if (this.changes.read().map(this.changes::apply).orElse(false)) {
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
