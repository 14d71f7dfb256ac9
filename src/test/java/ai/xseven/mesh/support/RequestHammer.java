package ai.xseven.mesh.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that send requests back to back, each on its own thread and keep-alive connection,
 * from before the server listens until closed: the probes and scrapes that reach a host while it
 * starts. A refused connection is tried again 20 ms later.
 */
public final class RequestHammer implements AutoCloseable {

	private final List<Thread> clients = new ArrayList<>();

	private final AtomicLong answered = new AtomicLong();

	private volatile boolean running = true;

	private RequestHammer() {
	}

	/**
	 * Starts one client per URL.
	 * @param urls what each client asks for
	 * @return the running clients
	 */
	public static RequestHammer start(List<String> urls) {
		RequestHammer hammer = new RequestHammer();
		for (String url : urls) {
			Thread client = new Thread(() -> hammer.hammer(URI.create(url)), "hammer-" + hammer.clients.size());
			client.setDaemon(true);
			hammer.clients.add(client);
			client.start();
		}
		return hammer;
	}

	private void hammer(URI url) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(1))
			.build();
		HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build();
		while (this.running) {
			try {
				http.send(request, HttpResponse.BodyHandlers.discarding());
				this.answered.incrementAndGet();
			}
			catch (IOException ex) {
				pause();
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private static void pause() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * How many requests got an answer so far, whatever its status.
	 * @return the count
	 */
	public long answered() {
		return this.answered.get();
	}

	@Override
	public void close() {
		this.running = false;
		for (Thread client : this.clients) {
			client.interrupt();
			try {
				client.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
