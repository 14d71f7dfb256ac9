package ai.xseven.mesh.config.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import ai.xseven.mesh.config.ConfigChangeStore.Merge;
import ai.xseven.mesh.config.ConfigCipher;
import ai.xseven.mesh.config.ConfigError;
import ai.xseven.mesh.config.ConfigSections;
import ai.xseven.mesh.config.ConfigServerLayer;
import ai.xseven.mesh.config.ConfigVersions;
import ai.xseven.mesh.config.FleetState;
import ai.xseven.mesh.config.MeshInstance;
import ai.xseven.mesh.config.RuntimeOverrides;
import ai.xseven.mesh.config.SectionHolder;
import ai.xseven.mesh.config.SectionPaths;
import ai.xseven.mesh.config.StoredVersion;
import ai.xseven.mesh.database.DatabaseProperties;
import ai.xseven.mesh.dspy.DspyProperties;
import ai.xseven.mesh.health.HealthProperties;
import ai.xseven.mesh.health.HealthTimeoutRule;
import ai.xseven.mesh.redis.RedisProperties;
import ai.xseven.mesh.registry.ServiceDefinition;
import ai.xseven.mesh.registry.ServiceRegistry;
import ai.xseven.mesh.resilience.CircuitBreakersSettings;
import ai.xseven.mesh.resilience.CircuitManager;
import ai.xseven.mesh.startup.RestartResult;
import ai.xseven.mesh.startup.StartupProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The change path, driven with {@code new} and fakes over generated change bodies: every body
 * either succeeds with every value in force, or fails naming exactly the fields at fault (or,
 * when a service does not reconnect or the store fails, is rolled back), and in every failure
 * nothing changed.
 */
class ConfigReloaderPropertyTests {

	private static final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	@Property(tries = 2000)
	void everyChangeIsAllOrNothing(@ForAll("bodies") List<ChangeBodies.Entry> body, @ForAll("failures") Set<String> failing,
			@ForAll boolean storeFails, @ForAll boolean foreign) {
		Fixture fixture = new Fixture(failing, storeFails, foreign);
		Map<String, Object> changes = new LinkedHashMap<>();
		body.forEach((entry) -> changes.put(entry.key(), entry.value()));
		Set<String> expectedErrors = ChangeBodies.expectedErrors(body, Duration.ofSeconds(10), Duration.ofSeconds(2));
		Before before = fixture.before();
		Throwable thrown = catchThrowable(() -> fixture.reloader.change(ConfigEdit.amend(changes), ChangeOptions.APPLY, "api", null));
		if (!expectedErrors.isEmpty()) {
			assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
			Set<String> fields = new LinkedHashSet<>();
			((InvalidConfigurationException) thrown).getErrors().stream().map(ConfigError::field).forEach(fields::add);
			assertThat(fields).as("fields of %s", changes).isEqualTo(expectedErrors);
			assertThat(fixture.before()).isEqualTo(before);
			return;
		}
		Set<String> touched = touchedServices(body);
		boolean changesSomething = body.stream().anyMatch((entry) -> entry.value() != null);
		if (changesSomething && (storeFails || touched.stream().anyMatch(failing::contains))) {
			assertThat(thrown).as("change of %s", changes).isInstanceOf(ConfigRolledBackException.class);
			assertThat(fixture.before()).isEqualTo(before);
			return;
		}
		assertThat(thrown).as("change of %s", changes).isNull();
		// Swapped, never written into: the instances in force before still hold the old values.
		before.instances().forEach((prefix, instance) -> assertThat(SectionPaths.flatten(prefix, instance))
			.as("the %s instance in force before the change", prefix)
			.isEqualTo(before.sectionsOf(prefix)));
		for (ChangeBodies.Entry entry : body) {
			assertThat(fixture.live(entry.key())).as(entry.key()).isEqualTo(entry.expectedInForce());
		}
		assertThat(fixture.required().get("redis")).isEqualTo(fixture.live("redis.required"));
		// Another instance's version, stored while this change was applied here, is merged under it.
		boolean merged = changesSomething && foreign;
		assertThat(fixture.reloader.version()).isEqualTo(merged ? 2 : changesSomething ? 1 : 0);
		if (merged) {
			assertThat(fixture.circuits.settings().forBreaker("temporal").getMinimumNumberOfCalls()).isEqualTo(7);
			assertThat(fixture.stored.get(1).overrides()).containsEntry(MemoryVersions.FOREIGN_KEY, "7");
		}
	}

	@Provide
	Arbitrary<List<ChangeBodies.Entry>> bodies() {
		return Arbitraries.oneOf(ChangeBodies.catalog()).list().ofMinSize(1).ofMaxSize(6).uniqueElements(ChangeBodies.Entry::key);
	}

	@Provide
	Arbitrary<Set<String>> failures() {
		return Arbitraries.of("redis", "dspy").set().ofMaxSize(2);
	}

	private static Set<String> touchedServices(List<ChangeBodies.Entry> body) {
		Set<String> services = new LinkedHashSet<>();
		body.stream()
			.filter((entry) -> entry.value() != null && !entry.key().endsWith(".required"))
			.map((entry) -> entry.key().substring(0, entry.key().indexOf('.')))
			.filter((section) -> section.equals("redis") || section.equals("dspy"))
			.forEach(services::add);
		return services;
	}

	/**
	 * What must not change when a change fails.
	 *
	 * @param overrides the runtime values
	 * @param sections every section's settings
	 * @param versions how many versions are stored
	 * @param breakers the breakers' settings in force
	 * @param version the version in force
	 * @param instances the sections' instances in force: after a failure the very same ones
	 * @param required whether each service is required
	 * @param breakersInForce what the breakers themselves do: the redis breaker's minimum number
	 * of calls and the kafka breaker's state
	 */
	record Before(Map<String, Object> overrides, Map<String, Object> sections, int versions,
			CircuitBreakersSettings breakers, long version, Map<String, Object> instances,
			Map<String, Boolean> required, List<Object> breakersInForce) {

		Map<String, Object> sectionsOf(String prefix) {
			Map<String, Object> of = new LinkedHashMap<>(this.sections);
			of.keySet().removeIf((name) -> !name.startsWith(prefix + "."));
			return of;
		}

	}

	/**
	 * A host's configuration path with fakes for what is outside it: a store in memory, services
	 * that restart (or fail to) at once.
	 */
	static final class Fixture {

		final StandardEnvironment environment = new StandardEnvironment();

		final RuntimeOverrides overrides = new RuntimeOverrides(this.environment);

		final ConfigSections sections;

		final CircuitManager circuits;

		final List<StoredVersion> stored = new ArrayList<>();

		final ConfigReloader reloader;

		final ServiceRegistry registry = new ServiceRegistry(Clock.systemUTC());

		final FleetState fleet = new FleetState(new MeshInstance("test"), Instant.EPOCH);

		Fixture(Set<String> failing, boolean storeFails) {
			this(failing, storeFails, false);
		}

		Fixture(Set<String> failing, boolean storeFails, boolean foreign) {
			SectionHolder breakers = SectionHolder.of(CircuitBreakersSettings.bind(Binder.get(this.environment)));
			this.sections = new ConfigSections(List.of(SectionHolder.of(new HealthProperties()),
					SectionHolder.of(new RedisProperties()), SectionHolder.of(new DspyProperties()),
					SectionHolder.of(new StartupProperties()), SectionHolder.of(new DatabaseProperties()), breakers),
					validator,
					List.of(new HealthTimeoutRule()));
			this.circuits = new CircuitManager(CircuitBreakerRegistry.ofDefaults(),
					(CircuitBreakersSettings) breakers.proxy());
			this.circuits.breaker("redis");
			this.circuits.breaker("kafka");
			this.registry.register(ServiceDefinition.builder("redis").build());
			this.registry.register(ServiceDefinition.builder("dspy").build());
			Function<String, RestartResult> restarts = (service) -> new RestartResult(service, List.of(service),
					!failing.contains(service), 1);
			this.reloader = new ConfigReloader(this.overrides, this.sections, new MemoryVersions(this.stored, storeFails, foreign),
					restarts, this.registry, () -> {
					}, new SimpleMeterRegistry(), this.fleet,
					ConfigCipher.keyed("property-test-key"), new TargetProber(List.of(), Runnable::run),
					new ConfigServerLayer(this.sections.names(), true, this.environment.getPropertySources()));
		}

		Before before() {
			Map<String, Object> flattened = new LinkedHashMap<>();
			this.sections.names().forEach((section) -> flattened.putAll(this.sections.flatten(section)));
			return new Before(this.overrides.current(), flattened, this.stored.size(), this.circuits.settings(),
					this.reloader.version(), this.sections.inForce(), required(),
					List.of(live("circuit-breakers.redis.x"), live("circuit-breakers.kafka.x")));
		}

		Map<String, Boolean> required() {
			Map<String, Boolean> required = new LinkedHashMap<>();
			this.registry.snapshots().forEach((service) -> required.put(service.name(), service.required()));
			return required;
		}

		Object live(String key) {
			// The breakers themselves, as the swap of their section reconfigured them.
			if (key.startsWith("circuit-breakers.redis.")) {
				return this.circuits.getAllBreakers().get("redis").getCircuitBreakerConfig().getMinimumNumberOfCalls();
			}
			if (key.startsWith("circuit-breakers.kafka.")) {
				return this.circuits.getAllBreakers().get("kafka").getState().name();
			}
			return this.sections.flatten(key.substring(0, key.indexOf('.'))).get(key);
		}

	}

	/**
	 * Versions in memory, merged like the database's.
	 *
	 * @param stored the versions
	 * @param fails whether storing fails
	 * @param foreign whether another instance stores a version just before each one of this
	 */
	record MemoryVersions(List<StoredVersion> stored, boolean fails, boolean foreign) implements ConfigVersions {

		static final String FOREIGN_KEY = "circuit-breakers.temporal.minimum-number-of-calls";

		@Override
		public StoredVersion save(String source, String instance, Merge merge, Map<String, Map<String, Object>> changes,
				Map<String, Object> configServer) {
			if (this.fails) {
				throw new IllegalStateException("the database is gone");
			}
			if (this.foreign) {
				StoredVersion before = latest().orElse(StoredVersion.BASELINE);
				Map<String, Object> theirs = new LinkedHashMap<>(before.overrides());
				theirs.put(FOREIGN_KEY, "7");
				this.stored.add(new StoredVersion(before.version() + 1, Instant.now(), "api", "other", theirs, Map.of()));
			}
			StoredVersion latest = latest().orElse(StoredVersion.BASELINE);
			StoredVersion next = new StoredVersion(latest.version() + 1, Instant.now(), source, instance,
					merge.onto(latest), changes, (configServer != null) ? configServer : latest.configServer());
			this.stored.add(next);
			return next;
		}

		@Override
		public long latestVersion() {
			return this.stored.size();
		}

		@Override
		public Optional<StoredVersion> latest() {
			return this.stored.isEmpty() ? Optional.empty() : Optional.of(this.stored.get(this.stored.size() - 1));
		}

		@Override
		public void ping() {
		}

	}

}
