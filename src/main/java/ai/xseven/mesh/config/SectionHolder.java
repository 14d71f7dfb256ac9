package ai.xseven.mesh.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.springframework.aop.TargetSource;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;

/**
 * One configuration section's settings in force: a bound and validated instance, swapped whole
 * for a fresh one by a change and never modified. What the services injected is a proxy whose
 * every call goes to the instance in force at that moment; code that reads several settings that
 * belong together (a connection's host, port and credentials) reads them from one
 * {@link #inForce(Object) instance}, so that it sees the old settings or the new ones, never some
 * of each.
 */
public final class SectionHolder implements TargetSource {

	private final String prefix;

	private final Class<?> type;

	private final Object proxy;

	private volatile Object current;

	private final List<Consumer<Object>> listeners = new CopyOnWriteArrayList<>();

	private SectionHolder(String prefix, Object initial) {
		this.prefix = prefix;
		this.type = initial.getClass();
		this.current = initial;
		ProxyFactory factory = new ProxyFactory();
		factory.setTargetSource(this);
		factory.setProxyTargetClass(true);
		factory.setFrozen(true);
		this.proxy = factory.getProxy(this.type.getClassLoader());
	}

	/**
	 * A holder for a section as it was bound at start.
	 * @param section a {@code @ConfigurationProperties} instance
	 * @return its holder, named by the annotation's prefix
	 */
	public static SectionHolder of(Object section) {
		Assert.notNull(section, "'section' must not be null");
		ConfigurationProperties annotation = AnnotatedElementUtils.findMergedAnnotation(section.getClass(),
				ConfigurationProperties.class);
		Assert.notNull(annotation, () -> section.getClass().getName() + " is not a @ConfigurationProperties class");
		return new SectionHolder(annotation.prefix(), section);
	}

	/**
	 * The instance in force behind a section bean, to read settings that belong together from.
	 * @param <T> the section's type
	 * @param section the injected section bean (or a plain instance, as in tests)
	 * @return the instance in force now, or the plain instance itself
	 */
	@SuppressWarnings("unchecked")
	public static <T> T inForce(T section) {
		if (section instanceof Advised advised && advised.getTargetSource() instanceof SectionHolder holder) {
			return (T) holder.current();
		}
		return section;
	}

	/**
	 * Has a section's reader told of each instance swapped in, for settings that are not read at
	 * each use but applied to something made from them (the breakers' configurations).
	 * @param <T> the section's type
	 * @param section the injected section bean; for a plain instance (as in tests) nothing is
	 * ever swapped and nothing is registered
	 * @param listener told of the fresh instance after each swap ({@link #tellSwapped}), in the
	 * thread that swaps
	 */
	@SuppressWarnings("unchecked")
	public static <T> void whenSwapped(T section, Consumer<? super T> listener) {
		if (section instanceof Advised advised && advised.getTargetSource() instanceof SectionHolder holder) {
			holder.listeners.add((fresh) -> listener.accept((T) fresh));
		}
	}

	public String prefix() {
		return this.prefix;
	}

	public Class<?> type() {
		return this.type;
	}

	/**
	 * The settings in force.
	 * @return the instance calls go to now
	 */
	public Object current() {
		return this.current;
	}

	/**
	 * What the services hold: calls on it go to the instance in force when they are made.
	 * @return the proxy, a subclass of the section's type
	 */
	public Object proxy() {
		return this.proxy;
	}

	/**
	 * Puts fresh settings in force.
	 * @param fresh a bound and validated instance, not modified afterwards
	 * @return the instance that was in force
	 */
	public Object swap(Object fresh) {
		Assert.isInstanceOf(this.type, fresh, "Settings of section '" + this.prefix + "'");
		Object previous = this.current;
		this.current = fresh;
		return previous;
	}

	/**
	 * Tells the readers that follow this section's swaps of the instance in force.
	 */
	public void tellSwapped() {
		Object fresh = this.current;
		this.listeners.forEach((listener) -> listener.accept(fresh));
	}

	@Override
	public Class<?> getTargetClass() {
		return this.type;
	}

	@Override
	public boolean isStatic() {
		return false;
	}

	@Override
	public Object getTarget() {
		return this.current;
	}

	@Override
	public void releaseTarget(Object target) {
	}

	@Override
	public String toString() {
		return "SectionHolder '" + this.prefix + "' (" + this.type.getSimpleName() + ")";
	}

}
