package ai.xseven.mesh.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a setting the host reads once, when it starts: a runtime change of it is stored but in
 * force only from the next start of each instance, so a change asks for it explicitly
 * ({@code ?restart=true}) and {@code GET /admin/config} marks it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface RestartRequired {

}
