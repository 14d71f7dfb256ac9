import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a command and times it to its first good HTTP answer, without forking a poller per try:
 * {@code java StartTimer <url> <timeout seconds> <log file> <command…>}. Prints
 * {@code <ms to the first 200> <resident MiB then>}, or {@code failed}, then stops the command
 * (SIGTERM, and SIGKILL after 20 s). Compiled and run by the benchmark scripts (bench/lib.sh).
 */
public class StartTimer {

	public static void main(String[] args) throws Exception {
		URI url = URI.create(args[0]);
		long timeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
		File log = new File(args[2]);
		List<String> command = Arrays.asList(args).subList(3, args.length);
		long began = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		String result = "failed";
		try {
			while (System.nanoTime() - began < timeoutNanos && process.isAlive()) {
				if (answers(url)) {
					long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
					result = ms + " " + residentMib(process.pid());
					break;
				}
				Thread.sleep(10);
			}
		}
		finally {
			process.destroy();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
		System.out.println(result);
	}

	// A plain HTTP/1.1 request on a socket: the poller must cost the measured process no CPU to
	// speak of, which the JDK's HTTP client (threads, a selector, exceptions) does not.
	private static boolean answers(URI url) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 1000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			String status = in.readLine();
			return status != null && status.startsWith("HTTP/1.1 200");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static long residentMib(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
			}
		}
		return -1;
	}

}
