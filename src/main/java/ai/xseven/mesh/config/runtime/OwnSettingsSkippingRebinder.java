package ai.xseven.mesh.config.runtime;

import org.springframework.cloud.context.properties.ConfigurationPropertiesBeans;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.context.ApplicationContext;

/**
 * Spring Cloud's rebinder of {@code @ConfigurationProperties} beans after a refresh, except the
 * host's own settings: those change only through {@link ConfigReloader}, validated all or
 * nothing and followed by the reconnects they need, so that an invalid refresh leaves the
 * services on the settings they have.
 */
class OwnSettingsSkippingRebinder extends ConfigurationPropertiesRebinder {

	private static final String OWN_PACKAGE = "ai.xseven.mesh.";

	private ApplicationContext context;

	OwnSettingsSkippingRebinder(ConfigurationPropertiesBeans beans) {
		super(beans);
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		super.setApplicationContext(applicationContext);
		this.context = applicationContext;
	}

	@Override
	public boolean rebind(String name) {
		Class<?> type = this.context.getType(name);
		if (type != null && type.getName().startsWith(OWN_PACKAGE)) {
			return false;
		}
		return super.rebind(name);
	}

}
