package ai.xseven.mesh.config.runtime;

import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;

/**
 * After {@code /actuator/refresh} brought new values from the config server, applies them
 * through the same validation and reconnect path as any change. The host's own settings are
 * never rebound by Spring Cloud directly ({@code spring.cloud.refresh.never-refreshable}), so
 * that an invalid refresh leaves the services on their settings.
 */
class ConfigServerRefreshListener implements ApplicationListener<EnvironmentChangeEvent> {

	private final ConfigReloader reloader;

	ConfigServerRefreshListener(ConfigReloader reloader) {
		this.reloader = reloader;
	}

	@Override
	public void onApplicationEvent(EnvironmentChangeEvent event) {
		// Even with no key changed: the fleet's values hide what the host fetched of its own settings.
		this.reloader.reloadFromEnvironment();
	}

}
