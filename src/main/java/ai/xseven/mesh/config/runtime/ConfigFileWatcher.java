package ai.xseven.mesh.config.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import ai.xseven.mesh.config.ConfigFile;
import ai.xseven.mesh.registry.Failures;
import ai.xseven.mesh.schedule.BackgroundLifecycle;
import ai.xseven.mesh.schedule.PeriodicTask;

import org.springframework.scheduling.TaskScheduler;

/**
 * Watches the configuration file and hands each edit to the reloader. It compares the file's
 * modification time and size at a fixed delay, which works on every file system (events from
 * the file system are not delivered for every mount or editor).
 */
class ConfigFileWatcher implements BackgroundLifecycle {

	static final Duration INTERVAL = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(ConfigFileWatcher.class);

	private final Path file;

	private final ConfigReloader reloader;

	private volatile Object seen;

	private final PeriodicTask polls;

	ConfigFileWatcher(Path file, ConfigReloader reloader, TaskScheduler scheduler, Duration interval) {
		this.file = file;
		this.reloader = reloader;
		this.polls = new PeriodicTask(scheduler, this::poll, () -> interval);
	}

	void poll() {
		Object stamp = stamp();
		if (Objects.equals(stamp, this.seen)) {
			return;
		}
		this.seen = stamp;
		try {
			this.reloader.reloadFile(this.file, ConfigFile.read(this.file));
		}
		catch (RuntimeException ex) {
			logger.error("Configuration file " + this.file + " was not applied: " + Failures.describe(ex));
		}
	}

	private Object stamp() {
		try {
			return Files.exists(this.file) ? Files.getLastModifiedTime(this.file) + "/" + Files.size(this.file) : null;
		}
		catch (IOException ex) {
			return "unreadable: " + ex.getMessage();
		}
	}

	@Override
	public void start() {
		this.seen = stamp();
		this.polls.start();
	}

	@Override
	public void stop() {
		this.polls.stop();
	}


	@Override
	public boolean isRunning() {
		return this.polls.isRunning();
	}

}
