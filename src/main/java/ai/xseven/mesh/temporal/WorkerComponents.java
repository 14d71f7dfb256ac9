package ai.xseven.mesh.temporal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.temporal.activity.ActivityInterface;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import io.temporal.workflow.WorkflowInterface;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * The workflow and activity implementations that X-Seven code provides as beans: a bean whose
 * class implements a {@link WorkflowInterface} is a workflow implementation (it must be a
 * prototype, one instance per execution), a bean whose class implements an
 * {@link ActivityInterface} is an activity implementation.
 */
final class WorkerComponents {

	private final Map<Class<?>, Supplier<Object>> workflows;

	private final Map<String, Class<?>> workflowTypes;

	private final List<Supplier<Object>> activities;

	private WorkerComponents(Map<Class<?>, Supplier<Object>> workflows, Map<String, Class<?>> workflowTypes,
			List<Supplier<Object>> activities) {
		this.workflows = workflows;
		this.workflowTypes = workflowTypes;
		this.activities = activities;
	}

	static WorkerComponents find(ConfigurableListableBeanFactory beanFactory) {
		Map<Class<?>, Supplier<Object>> workflows = new LinkedHashMap<>();
		Map<String, Class<?>> workflowTypes = new LinkedHashMap<>();
		List<Supplier<Object>> activities = new ArrayList<>();
		for (String beanName : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanFactory.getType(beanName, false);
			if (type == null) {
				continue;
			}
			for (Class<?> contract : ClassUtils.getAllInterfacesForClassAsSet(type)) {
				if (AnnotationUtils.findAnnotation(contract, WorkflowInterface.class) != null) {
					if (!beanFactory.isPrototype(beanName)) {
						throw new IllegalStateException("Workflow implementation bean '" + beanName
								+ "' must have prototype scope: Temporal needs one instance per workflow execution");
					}
					workflows.put(contract, () -> beanFactory.getBean(beanName));
					POJOWorkflowInterfaceMetadata.newInstance(contract)
						.getWorkflowType()
						.ifPresent((workflowType) -> workflowTypes.put(workflowType, contract));
				}
				if (AnnotationUtils.findAnnotation(contract, ActivityInterface.class) != null) {
					activities.add(() -> beanFactory.getBean(beanName));
					break;
				}
			}
		}
		return new WorkerComponents(workflows, workflowTypes, activities);
	}

	/**
	 * Each workflow interface with a factory of its implementation.
	 * @return the workflows
	 */
	Map<Class<?>, Supplier<Object>> workflows() {
		return this.workflows;
	}

	/**
	 * Whether the worker hosts a workflow of that type.
	 * @param workflowType the type's name
	 * @return whether it is hosted here
	 */
	boolean hostsWorkflowType(String workflowType) {
		return this.workflowTypes.containsKey(workflowType);
	}

	List<String> workflowTypes() {
		return List.copyOf(this.workflowTypes.keySet());
	}

	/**
	 * The activity implementations, created on demand.
	 * @return the activities
	 */
	List<Supplier<Object>> activities() {
		return this.activities;
	}

}
