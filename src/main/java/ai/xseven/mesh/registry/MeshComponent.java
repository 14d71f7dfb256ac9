package ai.xseven.mesh.registry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Declares a bean as a mesh service: the declarative twin of
 * {@code StartupOrchestrator.registerService(ServiceDefinition)}. The bean is started through
 * {@link ManagedService} when it implements it, and probed through {@link HealthCheck} when it
 * implements that. Its scope follows {@code @Scope} as for any bean.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface MeshComponent {

	/**
	 * The service's name.
	 * @return the name
	 */
	String name();

	/**
	 * Names of the services that must run before this one starts.
	 * @return the dependencies
	 */
	String[] dependsOn() default {};

	/**
	 * Whether the host is {@code DOWN} without this service.
	 * @return whether it is required
	 */
	boolean required() default false;

}
