package ai.xseven.mesh.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Listens on PostgreSQL for the numbers of new configuration versions, on one connection of its
 * own and a thread of its own. A lost connection is opened again after a back-off; each time it is
 * (re)opened, {@code onListening} runs, since notifications sent while nobody listened are lost.
 * Notifications are only a wake-up: the fleet's periodic read of the latest version is what makes
 * an instance converge when one is lost.
 */
public class ConfigNotifications implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ConfigNotifications.class);

	// How long one wait for notifications lasts; the connection is checked between waits.
	private static final int WAIT_MILLIS = 1_000;

	// Every so many waits, the connection is asked a question, so that a dead one is noticed.
	private static final int WAITS_PER_CHECK = 10;

	private final DedicatedConnections connections;

	private final LongConsumer onVersion;

	private final Runnable onListening;

	private final BackOff backOff;

	private volatile boolean running;

	private volatile Thread thread;

	/**
	 * @param connections where its connection comes from
	 * @param onVersion called with each announced version's number, on the listening thread
	 * @param onListening called each time the listening (re)starts
	 * @param backOff the waits between attempts to listen again
	 */
	public ConfigNotifications(DedicatedConnections connections, LongConsumer onVersion, Runnable onListening,
			BackOff backOff) {
		this.connections = connections;
		this.onVersion = onVersion;
		this.onListening = onListening;
		this.backOff = backOff;
	}

	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread listener = new Thread(this::listen, "mesh-config-listener");
		listener.setDaemon(true);
		this.thread = listener;
		listener.start();
	}

	@Override
	public synchronized void close() {
		this.running = false;
		Thread listener = this.thread;
		this.thread = null;
		if (listener != null) {
			listener.interrupt();
		}
	}

	// Whether the calling thread is still the listener: one that was closed ends, even when
	// another has been started since.
	private boolean listening() {
		return this.running && this.thread == Thread.currentThread();
	}

	private void listen() {
		BackOffExecution backOffs = this.backOff.start();
		boolean failing = false;
		while (listening()) {
			try (Connection connection = this.connections.open(); Statement statement = connection.createStatement()) {
				connection.setAutoCommit(true);
				statement.execute("LISTEN " + ConfigChangeStore.CHANNEL);
				if (failing) {
					logger.info("Listening again for configuration changes of the fleet");
				}
				failing = false;
				backOffs = this.backOff.start();
				this.onListening.run();
				receive(connection.unwrap(PGConnection.class), statement);
			}
			catch (SQLException | RuntimeException ex) {
				if (!listening()) {
					return;
				}
				if (!failing) {
					logger.warn("Not listening for configuration changes of the fleet (" + ex.getMessage()
							+ "); the periodic read of the latest version goes on");
				}
				failing = true;
			}
			if (!pause(backOffs.nextBackOff())) {
				return;
			}
		}
	}

	private void receive(PGConnection connection, Statement statement) throws SQLException {
		int waits = 0;
		while (listening()) {
			PGNotification[] notifications = connection.getNotifications(WAIT_MILLIS);
			if (notifications != null) {
				for (PGNotification notification : notifications) {
					announced(notification.getParameter());
				}
			}
			if (++waits % WAITS_PER_CHECK == 0) {
				statement.execute("SELECT 1");
			}
		}
	}

	private void announced(String payload) {
		try {
			this.onVersion.accept(Long.parseLong(payload));
		}
		catch (NumberFormatException ex) {
			logger.debug("Ignored a configuration notification that names no version: " + payload);
		}
	}

	private boolean pause(long millis) {
		if (millis == BackOffExecution.STOP) {
			return false;
		}
		try {
			Thread.sleep(millis);
			return listening();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
