package ai.xseven.mesh.startup;

/**
 * Work that must be done before the first service starts, such as putting stored settings in
 * force so that the services connect with them. It runs in the background start-up, while the
 * web server starts (so that neither waits for the other), in
 * {@link org.springframework.core.annotation.Order order}; each must bound its own time, since
 * every service waits for it.
 */
@FunctionalInterface
public interface BeforeServicesStart {

	void prepare();

}
