package ai.xseven.mesh.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * {@code config/service_mesh.yml} as a property source: where it is, reading it again, and
 * putting a new reading in place at the file's own precedence (below environment variables and
 * runtime changes, above the built-in defaults).
 */
public final class ConfigFile {

	/**
	 * The property naming the file, for hosts (and tests) that keep it elsewhere.
	 */
	public static final String LOCATION_PROPERTY = "mesh.config-file";

	static final String DEFAULT_LOCATION = "config/service_mesh.yml";

	private static final String FILE_NAME = "service_mesh.yml";

	private ConfigFile() {
	}

	/**
	 * The configuration file of this host.
	 * @param environment the environment
	 * @return its path
	 */
	public static Path location(Environment environment) {
		return Path.of(environment.getProperty(LOCATION_PROPERTY, DEFAULT_LOCATION));
	}

	/**
	 * Reads the file, checked first so that a malformed one is reported with its path.
	 * @param file the file
	 * @return its property source, {@code null} when the file does not exist
	 * @throws IllegalStateException naming the file and what is wrong with it
	 */
	public static PropertySource<?> read(Path file) {
		if (!file.toFile().exists()) {
			return null;
		}
		ConfigFileCheck.check(file);
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader()
				.load("Config resource 'file [" + file + "]' (reloaded)", new FileSystemResource(file));
			return sources.isEmpty() ? null : sources.get(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Configuration file " + file + " cannot be read", ex);
		}
	}

	/**
	 * Puts a reading of the file in place of the current one, or removes it.
	 * @param sources the property sources
	 * @param reading the new reading, {@code null} when the file is gone
	 */
	public static void put(MutablePropertySources sources, PropertySource<?> reading) {
		PropertySource<?> current = sources.stream()
			.filter((source) -> source.getName().contains(FILE_NAME))
			.findFirst()
			.orElse(null);
		if (current != null && reading != null) {
			sources.replace(current.getName(), reading);
		}
		else if (current != null) {
			sources.remove(current.getName());
		}
		else if (reading != null) {
			PropertySource<?> defaults = sources.stream()
				.filter((source) -> source.getName().contains("application"))
				.findFirst()
				.orElse(null);
			if (defaults != null) {
				sources.addBefore(defaults.getName(), reading);
			}
			else {
				sources.addLast(reading);
			}
		}
	}

}
