package ai.xseven.mesh.startup;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The last resort of a stop that would overrun the orchestrator's grace period. Once the JVM
 * begins to exit (SIGTERM), a daemon thread waits for the deadline; if the JVM is still alive
 * then, it writes what the shutdown is waiting for to standard error (the logging system may be
 * gone by then) and halts the JVM with status 1. A JVM that stops in time never sees it: the
 * thread is a daemon and dies with it. One JVM arms one deadline, the latest one asked for;
 * {@code 0s} asks for none (an embedding application or a test JVM that owns its exit).
 */
final class ShutdownDeadline {

	static final String SHUTDOWN_THREAD = "SpringApplicationShutdownHook";

	// The deadline the JVM's one hook arms.
	private static final AtomicReference<ShutdownDeadline> current = new AtomicReference<>();

	private final Duration deadline;

	private final Runnable halt;

	// When the JVM began to exit, by System.nanoTime(); 0 before.
	private volatile long armedAt;

	ShutdownDeadline(Duration deadline, Runnable halt) {
		this.deadline = deadline;
		this.halt = halt;
	}

	/**
	 * Arms the deadline when the JVM begins to exit.
	 * @param deadline how long the stop may take
	 * @return the deadline, registered
	 */
	static ShutdownDeadline onExit(Duration deadline) {
		ShutdownDeadline shutdownDeadline = new ShutdownDeadline(deadline, () -> Runtime.getRuntime().halt(1));
		if (deadline.isZero()) {
			return shutdownDeadline;
		}
		if (current.getAndSet(shutdownDeadline) == null) {
			Runtime.getRuntime().addShutdownHook(new Thread(() -> current.get().arm(), "mesh-shutdown-deadline-hook"));
		}
		return shutdownDeadline;
	}

	/**
	 * Starts the wait for the deadline, on a daemon thread of its own.
	 * @return that thread
	 */
	Thread arm() {
		this.armedAt = System.nanoTime();
		Thread watchdog = new Thread(this::awaitDeadline, "mesh-shutdown-deadline");
		watchdog.setDaemon(true);
		watchdog.start();
		return watchdog;
	}

	/**
	 * What is left before the halt, once the JVM began to exit.
	 * @return the time left, or empty while the JVM is not exiting (or no deadline is asked for)
	 */
	Optional<Duration> remaining() {
		long armed = this.armedAt;
		if (armed == 0) {
			return Optional.empty();
		}
		Duration left = this.deadline.minusNanos(System.nanoTime() - armed);
		return Optional.of(left.isNegative() ? Duration.ZERO : left);
	}

	private void awaitDeadline() {
		try {
			Thread.sleep(this.deadline.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		System.err.println("MESH shutdown did not finish within " + this.deadline.toMillis()
				+ " ms of the signal (startup.shutdown-deadline); halting. It was waiting in: " + waitingIn());
		System.err.flush();
		this.halt.run();
	}

	private static String waitingIn() {
		return Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().getName().equals(SHUTDOWN_THREAD))
			.map((entry) -> Arrays.stream(entry.getValue())
				.limit(12)
				.map(StackTraceElement::toString)
				.collect(Collectors.joining(" < ")))
			.findFirst()
			.orElse("(no " + SHUTDOWN_THREAD + " thread)");
	}

}
