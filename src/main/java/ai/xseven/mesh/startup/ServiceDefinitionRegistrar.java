package ai.xseven.mesh.startup;

import ai.xseven.mesh.registry.HealthCheck;
import ai.xseven.mesh.registry.MeshComponent;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceLifecycle;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Registers, once every singleton exists, the services declared as beans: each
 * {@link ServiceDefinition} bean and each bean annotated {@link MeshComponent}.
 */
class ServiceDefinitionRegistrar implements SmartInitializingSingleton {

	private final DefaultListableBeanFactory beanFactory;

	private final StartupOrchestrator orchestrator;

	ServiceDefinitionRegistrar(DefaultListableBeanFactory beanFactory, StartupOrchestrator orchestrator) {
		this.beanFactory = beanFactory;
		this.orchestrator = orchestrator;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.beanFactory.getBeansOfType(ServiceDefinition.class).values().forEach(this.orchestrator::registerService);
		for (String beanName : this.beanFactory.getBeanNamesForAnnotation(MeshComponent.class)) {
			this.orchestrator.registerService(declared(beanName));
		}
	}

	private ServiceDefinition declared(String beanName) {
		Class<?> type = this.beanFactory.getType(beanName);
		MeshComponent component = AnnotatedElementUtils.findMergedAnnotation(type, MeshComponent.class);
		boolean prototype = this.beanFactory.getMergedBeanDefinition(beanName).isPrototype();
		this.beanFactory.registerAlias(beanName, BeanFactoryServiceInstances.BEAN_NAME_PREFIX + component.name());
		return ServiceDefinition.builder(component.name())
			.serviceClass(type)
			.dependencies(component.dependsOn())
			.required(component.required())
			.lifecycle(prototype ? ServiceLifecycle.TRANSIENT : ServiceLifecycle.SINGLETON)
			.healthCheck(HealthCheck.class.isAssignableFrom(type) && !prototype
					? HealthCheck.of(() -> (HealthCheck) this.beanFactory.getBean(beanName)) : null)
			.build();
	}

}
