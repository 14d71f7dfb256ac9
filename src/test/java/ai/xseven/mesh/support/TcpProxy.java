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
 * which answers everything once it thaws) and resetting (every connection is closed at once: a
 * server that is gone).
 */
public final class TcpProxy implements AutoCloseable {

	/**
	 * What the proxy does with traffic.
	 */
	public enum Mode {

		PASS, HANG, RESET

	}

	private final String targetHost;

	private volatile int targetPort;

	private final ServerSocket server;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile Mode mode;

	// Bytes that, when a client sends them, freeze the proxy before they reach the target.
	private volatile byte[] hangTrigger;

	public TcpProxy(String targetHost, int targetPort, Mode mode) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.mode = mode;
		try {
			this.server = new ServerSocket();
			this.server.setReuseAddress(true);
			this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
		return this.server.getLocalPort();
	}

	/**
	 * Switches the mode; RESET also closes the connections already open, before anything held
	 * back by HANG could flow on.
	 * @param mode the new mode
	 */
	public void setMode(Mode mode) {
		synchronized (this.sockets) {
			if (mode == Mode.RESET) {
				closeAll();
			}
			this.mode = mode;
			this.sockets.notifyAll();
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
			while (this.mode == Mode.HANG) {
				this.sockets.wait();
			}
		}
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.mode == Mode.RESET) {
					client.close();
					continue;
				}
				Socket upstream = new Socket(this.targetHost, this.targetPort);
				this.sockets.add(client);
				this.sockets.add(upstream);
				pump(client, upstream, true);
				pump(upstream, client, false);
			}
			catch (IOException ex) {
				// closed, or the target refused: the client sees its connection end
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

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		closeAll();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
