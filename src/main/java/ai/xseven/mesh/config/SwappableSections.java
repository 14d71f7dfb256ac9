package ai.xseven.mesh.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.ClassUtils;

/**
 * Puts each of the host's own {@code @ConfigurationProperties} beans, once bound and validated,
 * behind a {@link SectionHolder}, so that the bean everything injects is the holder's proxy and a
 * runtime change swaps the instance behind it instead of writing into it.
 */
public class SwappableSections implements BeanPostProcessor {

	static final String OWN_PACKAGE = "ai.xseven.mesh.";

	private final Map<String, SectionHolder> holders = new ConcurrentHashMap<>();

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!isSection(bean)) {
			return bean;
		}
		SectionHolder holder = SectionHolder.of(bean);
		this.holders.put(beanName, holder);
		return holder.proxy();
	}

	/**
	 * The holder of every section bean of the factory.
	 * @param beanFactory the factory
	 * @return the holders
	 * @throws IllegalStateException when a section bean was created before this post-processor
	 * could put it behind a holder (a change could then not reach it)
	 */
	public List<SectionHolder> holders(ListableBeanFactory beanFactory) {
		List<SectionHolder> found = new ArrayList<>();
		beanFactory.getBeansWithAnnotation(ConfigurationProperties.class).forEach((name, bean) -> {
			if (!ClassUtils.getUserClass(bean).getName().startsWith(OWN_PACKAGE)) {
				return;
			}
			SectionHolder holder = this.holders.get(name);
			if (holder == null || holder.proxy() != bean) {
				throw new IllegalStateException("The configuration section bean '" + name
						+ "' was created before it could be made swappable");
			}
			found.add(holder);
		});
		return found;
	}

	private static boolean isSection(Object bean) {
		Class<?> type = bean.getClass();
		return type.getName().startsWith(OWN_PACKAGE) && type.isAnnotationPresent(ConfigurationProperties.class);
	}

}
