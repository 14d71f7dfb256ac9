package ai.xseven.mesh.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a section's service connects, for probing a changed target before a change is put in
 * force: the settings that name the target, and the addresses they name (any one that answers
 * will do, as for Kafka's bootstrap servers).
 *
 * @param section the section, e.g. {@code redis}
 * @param settings the settings that name the target, e.g. {@code redis.host}, {@code redis.port}
 * @param addresses the {@code host:port} addresses a bound section names
 */
public record ConnectionTarget(String section, Set<String> settings, Function<Object, List<Address>> addresses) {

	/**
	 * A host and port.
	 *
	 * @param host the host
	 * @param port the port
	 */
	public record Address(String host, int port) {

		@Override
		public String toString() {
			return this.host + ":" + this.port;
		}

	}

	/**
	 * The address of a URL, with the scheme's port when it names none.
	 * @param url e.g. {@code https://api.openai.com}
	 * @return its address, none when it is not a URL with a host
	 */
	public static List<Address> ofUrl(String url) {
		try {
			URI uri = URI.create(url);
			if (uri.getHost() == null) {
				return List.of();
			}
			int port = (uri.getPort() > 0) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
			return List.of(new Address(uri.getHost(), port));
		}
		catch (IllegalArgumentException ex) {
			return List.of();
		}
	}

	/**
	 * The addresses of a comma-separated list of {@code host:port}.
	 * @param servers e.g. {@code kafka-1:9092,kafka-2:9092}
	 * @return the addresses
	 */
	public static List<Address> ofList(String servers) {
		List<Address> addresses = new ArrayList<>();
		for (String server : servers.split(",")) {
			String trimmed = server.strip();
			int colon = trimmed.lastIndexOf(':');
			if (colon > 0) {
				try {
					addresses.add(new Address(trimmed.substring(0, colon), Integer.parseInt(trimmed.substring(colon + 1))));
				}
				catch (NumberFormatException ex) {
					// not an address: nothing to probe
				}
			}
		}
		return addresses;
	}

}
