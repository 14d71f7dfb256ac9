package ai.xseven.mesh;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The X-Seven Mesh host: starts the backend's services in dependency order and serves their health.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class XSevenMeshApplication {

	public static void main(String[] args) {
		SpringApplication.run(XSevenMeshApplication.class, args);
	}

}
