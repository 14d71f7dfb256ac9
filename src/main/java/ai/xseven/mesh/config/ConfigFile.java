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
 * The configuration file ({@code config/service_mesh.yml}, or the one {@code mesh.config-file}
 * names) as a property source: where it is, reading it again, and
 * putting a new reading in place at the file's own precedence (below environment variables and
 * runtime changes, above the built-in defaults).
 */
public final class ConfigFile {

	/**
	 * The property naming the file, for hosts (and tests) that keep it elsewhere.
	 */
	public static final String LOCATION_PROPERTY = "mesh.config-file";

	static final String DEFAULT_LOCATION = "config/service_mesh.yml";

	// How Spring Boot names a file it imported: "Config resource 'file [<path>]' via location ...".
	private static final String FILE_RESOURCE = "Config resource 'file [";

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
				.load(FILE_RESOURCE + file + "]' (reloaded)", new FileSystemResource(file));
			return sources.isEmpty() ? null : sources.get(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Configuration file " + file + " cannot be read", ex);
		}
	}

	/**
	 * Whether a property source is a configuration file Spring Boot imported (or a reading of one).
	 * @param sourceName the property source's name
	 * @return whether it is a file's
	 */
	public static boolean isFile(String sourceName) {
		return sourceName.startsWith(FILE_RESOURCE);
	}

	/**
	 * The property source of a file among others: the one Spring Boot imported, or a reading of it.
	 * @param sources the property sources
	 * @param file the file
	 * @return its property source, {@code null} when there is none
	 */
	public static PropertySource<?> find(MutablePropertySources sources, Path file) {
		String name = FILE_RESOURCE + file + "]'";
		return sources.stream().filter((source) -> source.getName().startsWith(name)).findFirst().orElse(null);
	}

	/**
	 * Puts a reading of the file in place of the current one, or removes it.
	 * @param sources the property sources
	 * @param file the file
	 * @param reading the new reading, {@code null} when the file is gone
	 */
	public static void put(MutablePropertySources sources, Path file, PropertySource<?> reading) {
		PropertySource<?> current = find(sources, file);
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
