package ai.xseven.mesh.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * This instance of the fleet that shares one database: {@code MESH_INSTANCE_ID} when set, else
 * the {@code HOSTNAME} variable or the machine's host name with a short random suffix, so that two
 * processes on one machine are two instances.
 *
 * @param id the instance's name
 */
public record MeshInstance(String id) {

	static final String PROPERTY = "mesh.instance-id";

	/**
	 * The instance as the environment names it.
	 * @param environment the environment
	 * @return the instance
	 */
	public static MeshInstance of(Environment environment) {
		String configured = environment.getProperty(PROPERTY);
		if (StringUtils.hasText(configured)) {
			return new MeshInstance(configured.strip());
		}
		String host = environment.getProperty("HOSTNAME");
		if (!StringUtils.hasText(host)) {
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				host = "host";
			}
		}
		byte[] suffix = new byte[3];
		new SecureRandom().nextBytes(suffix);
		return new MeshInstance(host + "-" + HexFormat.of().formatHex(suffix));
	}

}
