package ai.xseven.mesh.startup;

import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceInstances;
import ai.xseven.mesh.registry.ServiceLifecycle;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * Gets service instances from the application context, which is the registry of instances: the
 * bean named {@code mesh.service.<name>} (the declarative services' alias), else the one bean of
 * the service's class, else a new bean of that class registered under that name with the scope
 * of its {@link ServiceLifecycle}, so that its dependencies are injected like any bean's.
 */
class BeanFactoryServiceInstances implements ServiceInstances {

	static final String BEAN_NAME_PREFIX = "mesh.service.";

	private final DefaultListableBeanFactory beanFactory;

	BeanFactoryServiceInstances(DefaultListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object instanceOf(ServiceDefinition definition) {
		String beanName = BEAN_NAME_PREFIX + definition.name();
		synchronized (this.beanFactory) {
			if (!this.beanFactory.containsBean(beanName)) {
				String[] existing = this.beanFactory.getBeanNamesForType(definition.serviceClass());
				if (existing.length == 1) {
					this.beanFactory.registerAlias(existing[0], beanName);
				}
				else {
					RootBeanDefinition bean = new RootBeanDefinition(definition.serviceClass());
					bean.setScope((definition.lifecycle() == ServiceLifecycle.TRANSIENT) ? BeanDefinition.SCOPE_PROTOTYPE
							: BeanDefinition.SCOPE_SINGLETON);
					this.beanFactory.registerBeanDefinition(beanName, bean);
				}
			}
		}
		return this.beanFactory.getBean(beanName);
	}

}
