package ai.xseven.mesh.config.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ai.xseven.mesh.config.ConnectionTarget;
import ai.xseven.mesh.registry.Failures;

/**
 * Asks each changed connection target whether it answers (a TCP connection within the health
 * timeout, name resolution included) before a change is put in force, so that a mistyped host
 * is refused instead of taking its service down.
 */
class TargetProber {

	private final List<ConnectionTarget> targets;

	private final Executor executor;

	/**
	 * @param targets what each section connects to
	 * @param executor where a probe runs, so that a slow name lookup is bounded by the timeout too
	 */
	TargetProber(List<ConnectionTarget> targets, Executor executor) {
		this.targets = List.copyOf(targets);
		this.executor = executor;
	}

	/**
	 * Probes the targets that changed.
	 * @param sections the fresh sections, by prefix
	 * @param changed the settings that changed
	 * @param timeout how long each may take
	 * @return why a changed target did not answer, {@code null} when every one did
	 */
	String probe(Map<String, Object> sections, Set<String> changed, Duration timeout) {
		for (ConnectionTarget target : this.targets) {
			Object section = sections.get(target.section());
			if (section == null || target.settings().stream().noneMatch(changed::contains)) {
				continue;
			}
			List<ConnectionTarget.Address> addresses = target.addresses().apply(section);
			List<String> failures = new ArrayList<>();
			for (ConnectionTarget.Address address : addresses) {
				String failure = answer(address, timeout);
				if (failure == null) {
					failures.clear();
					break;
				}
				failures.add(address + " " + failure);
			}
			if (!failures.isEmpty()) {
				return "the new target of " + target.section() + " did not answer: " + String.join("; ", failures)
						+ " (add ?force=true to change it anyway)";
			}
		}
		return null;
	}

	private String answer(ConnectionTarget.Address address, Duration timeout) {
		CompletableFuture<Void> connected = CompletableFuture.runAsync(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(address.host(), address.port()), (int) timeout.toMillis());
			}
			catch (IOException ex) {
				throw new IllegalStateException(Failures.describe(ex), ex);
			}
		}, this.executor);
		try {
			connected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return null;
		}
		catch (TimeoutException ex) {
			return "within " + timeout.toMillis() + " ms";
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause().getCause() != null) ? ex.getCause().getCause() : ex.getCause();
			return "(" + Failures.describe(cause) + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "(interrupted)";
		}
	}

}
