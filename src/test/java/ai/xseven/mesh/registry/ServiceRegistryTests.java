package ai.xseven.mesh.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceRegistryTests {

	private final ServiceRegistry registry = new ServiceRegistry(Clock.systemUTC());

	@Test
	void snapshotsAreSharedUntilAServiceChanges() {
		this.registry.register(ServiceDefinition.builder("redis").build());
		List<ServiceSnapshot> first = this.registry.snapshots();
		assertThat(this.registry.snapshots()).isSameAs(first);

		this.registry.started("redis", Duration.ofMillis(3));
		List<ServiceSnapshot> started = this.registry.snapshots();
		assertThat(started).isNotSameAs(first);
		assertThat(started.get(0).state()).isEqualTo(ServiceState.RUNNING);

		this.registry.require("redis", true);
		assertThat(this.registry.snapshots()).isNotSameAs(started);
		assertThat(this.registry.snapshots().get(0).required()).isTrue();

		this.registry.register(ServiceDefinition.builder("kafka").build());
		assertThat(this.registry.snapshots()).extracting(ServiceSnapshot::name).containsExactly("redis", "kafka");
	}

	@Test
	void listenersReadTheStateTheyAreToldOf() {
		this.registry.register(ServiceDefinition.builder("redis").build());
		List<ServiceState> read = new ArrayList<>();
		this.registry.addListener(new ServiceStateListener() {
			@Override
			public void stateChanged(ServiceSnapshot previous, ServiceSnapshot current) {
				read.add(ServiceRegistryTests.this.registry.get(current.name()).state());
				read.add(ServiceRegistryTests.this.registry.snapshots().get(0).state());
			}
		});
		this.registry.transition("redis", ServiceState.STARTING, null);
		this.registry.started("redis", Duration.ofMillis(3));
		assertThat(read).containsExactly(ServiceState.STARTING, ServiceState.STARTING, ServiceState.RUNNING,
				ServiceState.RUNNING);
	}

}
