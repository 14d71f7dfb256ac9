package ai.xseven.mesh.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.validation.Validator;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;

/**
 * The host's configuration sections, the {@code @ConfigurationProperties} beans of its own
 * packages: binds them from a candidate set of property sources, validates them, and swaps a
 * validated snapshot in for the sections in force (see {@link SectionHolder}).
 */
public class ConfigSections {

	private final Map<String, SectionHolder> sections;

	private final Validator validator;

	private final List<SectionRule> rules;

	private final Set<String> restartRequired;

	/**
	 * Takes the sections and checks that the configuration the host starts with keeps every rule.
	 * @param holders each section's holder
	 * @param validator each section's own constraints
	 * @param rules the rules that relate sections
	 * @throws IllegalStateException when the starting configuration breaks a rule, or a section
	 * that validates itself is not valid
	 */
	public ConfigSections(Collection<SectionHolder> holders, Validator validator, List<SectionRule> rules) {
		Map<String, SectionHolder> found = new TreeMap<>();
		holders.forEach((holder) -> found.put(holder.prefix(), holder));
		this.sections = Collections.unmodifiableMap(found);
		this.validator = validator;
		this.rules = List.copyOf(rules);
		Set<String> restart = new TreeSet<>();
		found.forEach((prefix, holder) -> SectionPaths.flatten(prefix, holder.current()).keySet()
			.stream()
			.filter((name) -> SectionPaths.marked(holder.type(), name.substring(prefix.length() + 1)))
			.forEach(restart::add));
		this.restartRequired = Collections.unmodifiableSet(restart);
		List<ConfigError> broken = new ArrayList<>();
		found.values().forEach((holder) -> broken.addAll(validateOwn(holder.current())));
		broken.addAll(checkRules(inForce(), broken));
		if (!broken.isEmpty()) {
			throw new IllegalStateException("The configuration is not valid: "
					+ broken.stream().map((error) -> error.field() + " " + error.message()).toList());
		}
	}

	// A section that is not a bean of properties (a map of breakers) validates itself, at start
	// and for every change; the others are validated by their constraints.
	private List<ConfigError> validateOwn(Object section) {
		return (section instanceof ValidatedSection validated) ? validated.validate(this.validator) : List.of();
	}

	// The rules' errors, but none for a setting already at fault on its own.
	private List<ConfigError> checkRules(Map<String, Object> sections, List<ConfigError> known) {
		List<ConfigError> errors = new ArrayList<>();
		for (SectionRule rule : this.rules) {
			rule.check(sections)
				.stream()
				.filter((error) -> known.stream().noneMatch((other) -> other.field().equals(error.field())))
				.forEach(errors::add);
		}
		return errors;
	}

	public Set<String> names() {
		return this.sections.keySet();
	}

	/**
	 * Whether a setting is read only when the host starts ({@link RestartRequired}).
	 * @param name the setting, e.g. {@code startup.legacy}
	 * @return whether a runtime change of it is in force only from the next start
	 */
	public boolean restartRequired(String name) {
		return this.restartRequired.contains(name);
	}

	/**
	 * Binds every section from candidate property sources.
	 * @param sources the candidate
	 * @param requested the property names a change sets, each of which must be bound
	 * @return the fresh sections, and every error
	 */
	public Snapshot bind(MutablePropertySources sources, Set<String> requested) {
		PropertySourcesPlaceholdersResolver placeholders = new PropertySourcesPlaceholdersResolver(sources);
		Map<String, Object> fresh = new LinkedHashMap<>();
		List<ConfigError> errors = new ArrayList<>(
				unreadable(new Binder(ConfigurationPropertySources.from(sources), placeholders), requested));
		// The sections are bound without the values that cannot be read (reported already), so
		// that a section's other values are still bound and validated, and every error is found.
		Set<ConfigurationPropertyName> skipped = new HashSet<>();
		errors.forEach((error) -> skipped.add(ConfigurationPropertyName.adapt(error.field(), '.')));
		List<ConfigurationPropertySource> readable = new ArrayList<>();
		ConfigurationPropertySources.from(sources)
			.forEach((source) -> readable.add(source.filter((name) -> !skipped.contains(name))));
		Binder binder = new Binder(readable, placeholders);
		List<ConfigurationPropertyName> bound = new ArrayList<>();
		this.sections.forEach((prefix, holder) -> {
			Object instance = BeanUtils.instantiateClass(holder.type());
			try {
				binder.bind(prefix, Bindable.ofInstance(instance), new AbstractBindHandler() {

					@Override
					public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
							Object result) {
						bound.add(name);
						return result;
					}

				});
				this.validator.validate(instance)
					.forEach((violation) -> errors.add(new ConfigError(
							prefix + "." + ConfigManager.kebab(violation.getPropertyPath().toString()),
							violation.getMessage())));
				errors.addAll(validateOwn(instance));
			}
			catch (BindException ex) {
				String field = ex.getProperty() != null ? ex.getProperty().getName().toString() : prefix;
				if (errors.stream().noneMatch((error) -> error.field().equals(field))) {
					errors.add(new ConfigError(field, "cannot be read as " + describe(ex)));
				}
			}
			fresh.put(prefix, instance);
		});
		for (String name : requested) {
			ConfigurationPropertyName property = ConfigurationPropertyName.adapt(name, '.');
			boolean unreadable = errors.stream().anyMatch((error) -> error.field().equals(property.toString()));
			if (this.sections.containsKey(section(name)) && !unreadable && bound.stream().noneMatch(property::equals)) {
				errors.add(new ConfigError(name, "unknown setting"));
			}
		}
		errors.addAll(checkRules(fresh, List.copyOf(errors)));
		errors.sort(Comparator.comparing(ConfigError::field));
		return new Snapshot(fresh, errors);
	}

	// Binding a section stops at its first unreadable value: each requested value is also read
	// on its own, so that every unreadable one is reported at once.
	private List<ConfigError> unreadable(Binder binder, Set<String> requested) {
		List<ConfigError> errors = new ArrayList<>();
		for (String name : requested) {
			SectionHolder holder = this.sections.get(section(name));
			if (holder == null) {
				continue;
			}
			Class<?> type = SectionPaths.settingType(holder.type(), name.substring(section(name).length() + 1));
			if (type == null) {
				continue;
			}
			try {
				binder.bind(name, Bindable.of(type));
			}
			catch (BindException ex) {
				errors.add(new ConfigError(name, "cannot be read as " + describe(ex)));
			}
		}
		return errors;
	}

	/**
	 * Puts fresh sections in force, each swapped whole for the one in force; the readers of a
	 * section that follow its swaps are told once every section is swapped.
	 * @param fresh bound and validated sections by prefix, not modified afterwards
	 * @return the sections that were in force, for {@link #swap swapping} them back
	 */
	public Map<String, Object> swap(Map<String, Object> fresh) {
		Map<String, Object> previous = new LinkedHashMap<>();
		fresh.forEach((prefix, section) -> previous.put(prefix, this.sections.get(prefix).swap(section)));
		fresh.keySet().forEach((prefix) -> this.sections.get(prefix).tellSwapped());
		return previous;
	}

	/**
	 * The sections in force: instances no change modifies, so they can be kept to put back.
	 * @return each section's instance by prefix
	 */
	public Map<String, Object> inForce() {
		Map<String, Object> current = new LinkedHashMap<>();
		this.sections.forEach((prefix, holder) -> current.put(prefix, holder.current()));
		return current;
	}

	/**
	 * A section's settings as flat names and values.
	 * @param prefix the section
	 * @return its settings, nested ones flattened
	 */
	public Map<String, Object> flatten(String prefix) {
		Map<String, Object> flat = new LinkedHashMap<>();
		SectionPaths.flatten(prefix, this.sections.get(prefix).current(), flat);
		return flat;
	}

	static String section(String name) {
		int dot = name.indexOf('.');
		return (dot > 0) ? name.substring(0, dot) : name;
	}

	private static String describe(BindException ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return ex.getTarget().getType().toString().replaceAll(".*\\.", "") + " (" + root.getMessage() + ")";
	}

	/**
	 * Every section bound from a candidate, and what is wrong with them.
	 *
	 * @param sections the fresh sections by prefix
	 * @param errors every error, empty when the candidate is valid
	 */
	public record Snapshot(Map<String, Object> sections, List<ConfigError> errors) {
	}

}
