package ai.xseven.mesh.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a real server that a test can switch between passing traffic,
 * hanging (connections are accepted and bytes held back, nothing is answered: a frozen server,
 * which answers everything once it thaws), slowing (every answer's bytes are held for a while: a
 * server slower than its callers' timeouts), resetting (every connection is closed at once: a
 * server whose process is gone) and refusing (nothing listens on the port: a server that is not
 * running).
 */
public final class TcpProxy implements AutoCloseable {

	/**
	 * What the proxy does with traffic.
	 */
	public enum Mode {

		PASS, HANG, SLOW, RESET, REFUSE

	}

	private final String targetHost;

	private volatile int targetPort;

	private final int port;

	private volatile ServerSocket server;

	private volatile boolean closed;

	private volatile long slowMillis = 3_000;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile Mode mode;

	// Bytes that, when a client sends them, freeze the proxy before they reach the target.
	private volatile byte[] hangTrigger;

	public TcpProxy(String targetHost, int targetPort, Mode mode) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.mode = mode;
		this.server = listen(0);
		this.port = this.server.getLocalPort();
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + getPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Points the proxy at another port of the target, for a server whose port is known only once
	 * it runs.
	 * @param targetPort the target's port
	 */
	public void setTargetPort(int targetPort) {
		this.targetPort = targetPort;
	}

	public int getPort() {
		return this.port;
	}

	/**
	 * How long SLOW holds each piece of an answer.
	 * @param delay the delay
	 */
	public void setSlowDelay(java.time.Duration delay) {
		this.slowMillis = delay.toMillis();
	}

	/**
	 * Switches the mode; RESET and REFUSE also close the connections already open, before
	 * anything held back by HANG could flow on; REFUSE closes the listening socket too, and
	 * leaving it listens on the same port again.
	 * @param mode the new mode
	 */
	public void setMode(Mode mode) {
		synchronized (this.sockets) {
			if (mode == Mode.RESET || mode == Mode.REFUSE) {
				closeAll();
			}
			if (mode == Mode.REFUSE && this.mode != Mode.REFUSE) {
				closeQuietly(this.server);
			}
			else if (mode != Mode.REFUSE && this.mode == Mode.REFUSE) {
				this.server = listen(this.port);
			}
			this.mode = mode;
			this.sockets.notifyAll();
		}
	}

	private static ServerSocket listen(int port) {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Freezes the proxy (HANG) as soon as a client sends these bytes, before they reach the
	 * target: for a database, the statement whose text they are never runs. Fires once.
	 * @param trigger the bytes, e.g. the start of an SQL statement
	 */
	public void hangOn(String trigger) {
		this.hangTrigger = trigger.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	/**
	 * The mode now, HANG too once a trigger has fired.
	 * @return the mode
	 */
	public Mode getMode() {
		return this.mode;
	}

	/**
	 * Forgets a trigger that has not fired.
	 */
	public void disarm() {
		this.hangTrigger = null;
	}

	private void awaitFlowing() throws InterruptedException {
		synchronized (this.sockets) {
			while (this.mode == Mode.HANG && !this.closed) {
				this.sockets.wait();
			}
		}
	}

	private void awaitListening() throws InterruptedException {
		synchronized (this.sockets) {
			while (this.mode == Mode.REFUSE && !this.closed) {
				this.sockets.wait();
			}
		}
	}

	private void accept() {
		while (!this.closed) {
			try {
				awaitListening();
				Socket client = this.server.accept();
				if (this.mode == Mode.RESET) {
					client.close();
					continue;
				}
				Socket upstream;
				try {
					upstream = new Socket(this.targetHost, this.targetPort);
				}
				catch (IOException ex) {
					// the target refused: the client sees its connection end
					closeQuietly(client);
					continue;
				}
				synchronized (this.sockets) {
					// A RESET or REFUSE while this one was being connected closes it too.
					if (this.closed || this.mode == Mode.RESET || this.mode == Mode.REFUSE) {
						closeQuietly(client);
						closeQuietly(upstream);
						continue;
					}
					this.sockets.add(client);
					this.sockets.add(upstream);
				}
				pump(client, upstream, true);
				pump(upstream, client, false);
			}
			catch (IOException ex) {
				// the listening socket closed (REFUSE, or the proxy's close)
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private void pump(Socket from, Socket to, boolean fromClient) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					byte[] trigger = this.hangTrigger;
					if (fromClient && trigger != null && contains(buffer, read, trigger)) {
						this.hangTrigger = null;
						setMode(Mode.HANG);
					}
					awaitFlowing();
					if (!fromClient && this.mode == Mode.SLOW) {
						Thread.sleep(this.slowMillis);
						awaitFlowing();
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static boolean contains(byte[] buffer, int length, byte[] pattern) {
		outer: for (int start = 0; start + pattern.length <= length; start++) {
			for (int i = 0; i < pattern.length; i++) {
				if (buffer[start + i] != pattern[i]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	private void closeAll() {
		this.sockets.forEach(TcpProxy::closeQuietly);
		this.sockets.clear();
	}

	private static void closeQuietly(java.io.Closeable socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		synchronized (this.sockets) {
			this.closed = true;
			closeAll();
			closeQuietly(this.server);
			this.sockets.notifyAll();
		}
	}

}
