package ai.xseven.mesh.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * A service the mesh starts and watches: the six parts of the Python-era
 * {@code register_service(name, service_class, dependencies, health_check, lifecycle, required)}.
 *
 * @param name unique name, also the name of its health entry, breaker and metric tag
 * @param serviceClass the class of its instance, or {@code null} for a check-only service
 * @param dependencies names of the services that must run before this one starts
 * @param healthCheck its probe, or {@code null} to use the instance when it is a
 * {@link HealthCheck}, else its lifecycle state
 * @param lifecycle how many instances exist
 * @param required whether the host is {@code DOWN} without it
 */
public record ServiceDefinition(String name, Class<?> serviceClass, List<String> dependencies,
		HealthCheck healthCheck, ServiceLifecycle lifecycle, boolean required) {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

	public ServiceDefinition {
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(NAME.matcher(name).matches(),
				() -> "Service name '" + name + "' must be lower-case letters, digits, '_' or '-' (at most 63)");
		List<String> needed = (dependencies != null) ? List.copyOf(dependencies) : List.of();
		Assert.isTrue(!needed.contains(name), () -> "Service '" + name + "' must not depend on itself");
		Assert.isTrue(needed.stream().distinct().count() == needed.size(),
				() -> "Service '" + name + "' lists a dependency twice: " + needed);
		dependencies = needed;
		lifecycle = (lifecycle != null) ? lifecycle : ServiceLifecycle.SINGLETON;
	}

	/**
	 * The same service, required or not.
	 * @param required whether the host is {@code DOWN} without it
	 * @return this definition when it already says so, else a copy that does
	 */
	public ServiceDefinition withRequired(boolean required) {
		return (required == this.required) ? this
				: new ServiceDefinition(this.name, this.serviceClass, this.dependencies, this.healthCheck, this.lifecycle,
						required);
	}

	/**
	 * Starts a definition.
	 * @param name the service's name
	 * @return a builder
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/**
	 * Builds a {@link ServiceDefinition}.
	 */
	public static final class Builder {

		private final String name;

		private Class<?> serviceClass;

		private final List<String> dependencies = new ArrayList<>();

		private HealthCheck healthCheck;

		private ServiceLifecycle lifecycle = ServiceLifecycle.SINGLETON;

		private boolean required;

		private Builder(String name) {
			this.name = name;
		}

		public Builder serviceClass(Class<?> serviceClass) {
			this.serviceClass = serviceClass;
			return this;
		}

		public Builder dependencies(String... names) {
			this.dependencies.addAll(Arrays.asList(names));
			return this;
		}

		public Builder dependencies(List<String> names) {
			this.dependencies.addAll(names);
			return this;
		}

		public Builder healthCheck(HealthCheck healthCheck) {
			this.healthCheck = healthCheck;
			return this;
		}

		public Builder lifecycle(ServiceLifecycle lifecycle) {
			this.lifecycle = lifecycle;
			return this;
		}

		public Builder required(boolean required) {
			this.required = required;
			return this;
		}

		public ServiceDefinition build() {
			return new ServiceDefinition(this.name, this.serviceClass, this.dependencies, this.healthCheck,
					this.lifecycle, this.required);
		}

	}

}
