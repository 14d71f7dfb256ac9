package ai.xseven.mesh.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A bounded load on a host: one client per endpoint, each sending a request, waiting for its
 * answer (at most {@link #ANSWER_TIMEOUT}) and pausing before the next; every answer is kept
 * with its time.
 */
public final class EndpointLoad implements AutoCloseable {

	/**
	 * How long a client waits for an answer before it counts as none (status -1). An endpoint
	 * that needs a frozen dependency may wait for that dependency's own timeout (a provider's is
	 * 30 s); one that does not must answer within this.
	 */
	public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(6);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final ExecutorService clients;

	private EndpointLoad(int endpoints) {
		this.clients = Executors.newFixedThreadPool(endpoints);
	}

	/**
	 * Starts the clients.
	 * @param endpoints each endpoint's name and the request it sends, made from a counter
	 * @param pause the pause between one client's requests
	 * @return the running load
	 */
	public static EndpointLoad start(Map<String, LongFunction<HttpRequest.Builder>> endpoints, Duration pause) {
		EndpointLoad load = new EndpointLoad(endpoints.size());
		endpoints.forEach((name, request) -> load.clients.execute(() -> load.run(name, request, pause)));
		return load;
	}

	private void run(String name, LongFunction<HttpRequest.Builder> request, Duration pause) {
		AtomicLong counter = new AtomicLong();
		while (this.running.get()) {
			long started = System.nanoTime();
			int status;
			String body;
			try {
				HttpResponse<String> response = this.http.send(
						request.apply(counter.incrementAndGet()).timeout(ANSWER_TIMEOUT).build(),
						HttpResponse.BodyHandlers.ofString());
				status = response.statusCode();
				body = response.body();
			}
			catch (IOException ex) {
				status = -1;
				body = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			this.calls.add(new Call(name, started, System.nanoTime(), status, body));
			try {
				Thread.sleep(pause.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * The calls sent between two instants that have their answers (or gave up on them).
	 * @param fromNanos the first, as {@link System#nanoTime()}
	 * @param toNanos the last
	 * @return the calls
	 */
	public List<Call> sentBetween(long fromNanos, long toNanos) {
		return this.calls.stream().filter((call) -> call.started() >= fromNanos && call.started() <= toNanos).toList();
	}

	public List<Call> calls() {
		return List.copyOf(this.calls);
	}

	/**
	 * A request to a host's URL.
	 * @param baseUrl the host's root URL
	 * @param path the path
	 * @return the request, to complete
	 */
	public static HttpRequest.Builder to(String baseUrl, String path) {
		return HttpRequest.newBuilder(URI.create(baseUrl + path));
	}

	@Override
	public void close() {
		this.running.set(false);
		this.clients.shutdown();
		try {
			if (!this.clients.awaitTermination(ANSWER_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
				this.clients.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.clients.shutdownNow();
		}
	}

	/**
	 * One request and its answer.
	 *
	 * @param endpoint the endpoint's name
	 * @param started when it was sent, as {@link System#nanoTime()}
	 * @param ended when the answer (or the failure) came
	 * @param status the status, -1 when nothing answered
	 * @param body the answer's body, or why nothing answered
	 */
	public record Call(String endpoint, long started, long ended, int status, String body) {

		public boolean failed() {
			return this.status < 0 || this.status >= 500;
		}

		public long millis() {
			return (this.ended - this.started) / 1_000_000;
		}

	}

}
