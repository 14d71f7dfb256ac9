package ai.xseven.mesh.admin;

import ai.xseven.mesh.config.RestartRequired;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code admin} section.
 */
@ConfigurationProperties("admin")
public class AdminProperties {

	/**
	 * Bearer token for {@code /admin/**} and the non-public Actuator endpoints
	 * ({@code ADMIN_TOKEN}). When empty, a random one is generated at start and logged once.
	 */
	@RestartRequired
	private String token;

	public String getToken() {
		return this.token;
	}

	public void setToken(String token) {
		this.token = token;
	}

}
