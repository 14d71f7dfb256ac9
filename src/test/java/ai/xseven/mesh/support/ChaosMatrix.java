package ai.xseven.mesh.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs the cells of the chaos matrix against a host and keeps, for each, how long the host took
 * to see the fault and the recovery, and what went wrong meanwhile.
 */
public final class ChaosMatrix {

	/** What polling every 100 ms and one answer of the host add to a measured time. */
	public static final Duration POLL_SLACK = Duration.ofMillis(500);

	/** How many times a flapping dependency goes down or comes back. */
	static final int FLAPS = 10;

	/**
	 * A fault a proxy plays.
	 */
	public enum Fault {

		REFUSED(TcpProxy.Mode.REFUSE), HUNG(TcpProxy.Mode.HANG), SLOW(TcpProxy.Mode.SLOW), FLAPPING(TcpProxy.Mode.HANG);

		private final TcpProxy.Mode mode;

		Fault(TcpProxy.Mode mode) {
			this.mode = mode;
		}

	}

	/**
	 * A dependency of the host behind its proxy.
	 *
	 * @param name its name in the matrix
	 * @param proxy its proxy
	 * @param services the host's services that use it
	 * @param mayFail the load's endpoints that need it, and so may answer 5xx while it is at fault
	 */
	public record Dependency(String name, TcpProxy proxy, List<String> services, Set<String> mayFail) {
	}

	private final List<Fault> faults;

	private final Duration detect;

	private final Duration recover;

	private final Duration interval;

	private final Duration timeout;

	private final Map<String, Map<Fault, String>> cells = new LinkedHashMap<>();

	private final List<String> problems = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	public ChaosMatrix(List<Fault> faults, Duration interval, Duration timeout) {
		this.faults = List.copyOf(faults);
		this.interval = interval;
		this.timeout = timeout;
		this.detect = interval.multipliedBy(2).plus(timeout);
		this.recover = interval.plus(timeout);
	}

	/**
	 * The faults of the system property {@code chaos.faults} (comma-separated), {@code hung}
	 * when it is not set.
	 * @return the faults
	 */
	public static List<Fault> configuredFaults() {
		return Arrays.stream(System.getProperty("chaos.faults", "hung").split(","))
			.map(String::strip)
			.filter((name) -> !name.isEmpty())
			.map((name) -> Fault.valueOf(name.toUpperCase(Locale.ROOT)))
			.toList();
	}

	public List<Fault> faults() {
		return this.faults;
	}

	public List<String> problems() {
		return List.copyOf(this.problems);
	}

	public void note(String note) {
		this.notes.add(note);
	}

	/**
	 * Runs one cell: puts the dependency at fault, waits for the host to see it, heals it, waits
	 * for the host to see that, then for every service UP and every breaker closed.
	 * @param dependency the dependency
	 * @param fault the fault
	 * @param health the host's health
	 * @param load the load running on the host
	 * @param host the host
	 */
	public void run(Dependency dependency, Fault fault, HealthPoller health, EndpointLoad load, PackagedHost host) {
		long began = System.nanoTime();
		// Each kind of problem once, with the time it was first seen.
		Map<String, String> seen = new LinkedHashMap<>();
		Set<String> found = new LinkedHashSet<>();
		Consumer<HealthPoller.Snapshot> invariants = (snapshot) -> check(dependency, snapshot, began,
				(problem, at) -> {
					if (seen.putIfAbsent(problem, at) == null) {
						found.add(problem + " at +" + at);
					}
				});
		String cell = (fault == Fault.FLAPPING) ? flap(dependency, health, host, invariants, found)
				: once(dependency, fault, health, host, invariants, found);
		if (!health.awaitSettled(Duration.ofSeconds(60), invariants)) {
			found.add("not every service UP with every breaker closed within 60 s of the recovery");
		}
		// Judged by when they were sent, once every call sent during the cell has its answer.
		long ended = System.nanoTime();
		sleepUntil(ended + EndpointLoad.ANSWER_TIMEOUT.plusMillis(200).toNanos());
		Map<String, List<EndpointLoad.Call>> failed = load.sentBetween(began, ended)
			.stream()
			.filter((call) -> call.failed() && !dependency.mayFail().contains(call.endpoint()))
			.collect(Collectors.groupingBy(EndpointLoad.Call::endpoint, LinkedHashMap::new, Collectors.toList()));
		failed.forEach((endpoint, calls) -> found.add(calls.size() + " failed calls of " + endpoint + ", e.g. "
				+ calls.get(0).status() + " after " + calls.get(0).millis() + " ms, sent at +"
				+ seconds(Duration.ofNanos(calls.get(0).started() - began)) + ": " + abbreviate(calls.get(0).body())));
		found.forEach((problem) -> this.problems.add(dependency.name() + " " + fault + ": " + problem));
		this.cells.computeIfAbsent(dependency.name(), (name) -> new LinkedHashMap<>())
			.put(fault, found.isEmpty() ? cell : cell + " !");
	}

	private String once(Dependency dependency, Fault fault, HealthPoller health, PackagedHost host,
			Consumer<HealthPoller.Snapshot> invariants, Set<String> found) {
		dependency.proxy().setMode(fault.mode);
		Duration down = health.awaitServices(dependency.services(), false, this.detect.plusSeconds(10), invariants);
		judge("DOWN", down, this.detect, found);
		if (dependency.services().contains("database")) {
			int readiness = host.get("/actuator/health/readiness").status();
			int liveness = host.get("/actuator/health/liveness").status();
			if (readiness != 503 || liveness != 200) {
				found.add("readiness " + readiness + " and liveness " + liveness + " while PostgreSQL is at fault"
						+ " (503 and 200 expected)");
			}
		}
		dependency.proxy().setMode(TcpProxy.Mode.PASS);
		Duration up = health.awaitServices(dependency.services(), true, this.recover.plusSeconds(20), invariants);
		judge("UP", up, this.recover, found);
		return "down " + seconds(down) + ", up " + seconds(up);
	}

	// Down and up FLAPS times, each phase long enough for the host to see it.
	private String flap(Dependency dependency, HealthPoller health, PackagedHost host,
			Consumer<HealthPoller.Snapshot> invariants, Set<String> found) {
		int logFrom = host.logLines().size();
		Duration phase = this.detect.plusSeconds(1);
		Duration worstDown = Duration.ZERO;
		Duration worstUp = Duration.ZERO;
		int seen = 0;
		for (int flap = 0; flap < FLAPS; flap++) {
			boolean goesDown = flap % 2 == 0;
			long began = System.nanoTime();
			dependency.proxy().setMode(goesDown ? TcpProxy.Mode.HANG : TcpProxy.Mode.PASS);
			Duration reached = health.awaitServices(dependency.services(), !goesDown, phase, invariants);
			if (judge(goesDown ? "DOWN" : "UP", reached, goesDown ? this.detect : this.recover, found)) {
				seen++;
			}
			if (reached != null && goesDown) {
				worstDown = worstDown.compareTo(reached) < 0 ? reached : worstDown;
			}
			else if (reached != null) {
				worstUp = worstUp.compareTo(reached) < 0 ? reached : worstUp;
			}
			sleepUntil(began + phase.toNanos());
		}
		dependency.proxy().setMode(TcpProxy.Mode.PASS);
		List<String> lines = host.logLines();
		for (String service : dependency.services()) {
			long logged = lines.subList(Math.min(logFrom, lines.size()), lines.size())
				.stream()
				.filter((line) -> line.contains("Service '" + service + "' is "))
				.count();
			if (logged > FLAPS) {
				found.add(logged + " status-change log lines of " + service + " for " + FLAPS + " changes");
			}
		}
		return seen + "/" + FLAPS + " seen, worst down " + seconds(worstDown) + " up " + seconds(worstUp);
	}

	private boolean judge(String what, Duration took, Duration bound, Set<String> found) {
		if (took == null) {
			found.add("not " + what + " at all");
			return false;
		}
		if (took.compareTo(bound.plus(POLL_SLACK)) > 0) {
			found.add(what + " after " + seconds(took) + ", more than " + seconds(bound));
			return false;
		}
		return true;
	}

	private static void check(Dependency dependency, HealthPoller.Snapshot snapshot, long began,
			BiConsumer<String, String> found) {
		String at = seconds(Duration.ofNanos(snapshot.at() - began));
		if (snapshot.status() == null) {
			found.accept("/health/system did not answer", at);
			return;
		}
		snapshot.services().forEach((service, status) -> {
			if (!dependency.services().contains(service) && !"UP".equals(status)) {
				found.accept(service + " was " + status, at);
			}
		});
		if ("DOWN".equals(snapshot.status()) && !dependency.services().contains("database")) {
			found.accept("the system was DOWN", at);
		}
		if ("UP".equals(snapshot.status()) && snapshot.breakers().containsValue("OPEN")) {
			found.accept("the system was UP with a breaker open", at);
		}
	}

	private static void sleepUntil(long nanos) {
		long left = nanos - System.nanoTime();
		if (left > 0) {
			try {
				Thread.sleep(left / 1_000_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static String abbreviate(String text) {
		String line = text.replaceAll("\\s+", " ");
		return (line.length() > 160) ? line.substring(0, 160) + "…" : line;
	}

	public static String seconds(Duration duration) {
		return (duration == null) ? "never" : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	/**
	 * The matrix as a table: rows dependencies, columns faults, with the notes and problems.
	 * @return the text
	 */
	public String render() {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"Chaos matrix: health interval %s, timeout %s; DOWN expected within %s, UP within %s "
						+ "(from the fault's start and end to the first /health/system answer showing it, "
						+ "polled every 100 ms; an endpoint that does not need the faulty dependency answers without 5xx within 6 s; "
						+ "! marks a cell with problems)%n",
				seconds(this.interval), seconds(this.timeout), seconds(this.detect), seconds(this.recover)));
		out.append(String.format(Locale.ROOT, "%-14s", "dependency"));
		this.faults.forEach((fault) -> out.append(String.format(Locale.ROOT, " | %-40s", fault.name().toLowerCase(Locale.ROOT))));
		out.append('\n');
		this.cells.forEach((dependency, row) -> {
			out.append(String.format(Locale.ROOT, "%-14s", dependency));
			this.faults.forEach((fault) -> out.append(String.format(Locale.ROOT, " | %-40s", row.getOrDefault(fault, "-"))));
			out.append('\n');
		});
		this.notes.forEach((note) -> out.append(note).append('\n'));
		out.append(this.problems.isEmpty() ? "problems: none\n"
				: "problems:\n  " + String.join("\n  ", this.problems) + "\n");
		return out.toString();
	}

}
