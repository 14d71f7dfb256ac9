package ai.xseven.mesh.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks {@code config/service_mesh.yml} before Spring reads it, so that an unreadable or
 * malformed file stops the start with a message that names the file and the problem, instead of
 * a parser error that names neither, and the host never starts on a half-read configuration.
 */
class ConfigFileCheck implements EnvironmentPostProcessor, Ordered {

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER - 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		check(ConfigFile.location(environment));
	}

	/**
	 * Checks one configuration file, when it exists.
	 * @param file the file
	 * @throws IllegalStateException naming the file and the problem
	 */
	static void check(Path file) {
		if (!Files.exists(file)) {
			return;
		}
		if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
			throw new IllegalStateException("Configuration file " + file + " cannot be read: check that it is a file "
					+ "and that the user running the host may read it");
		}
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader).forEach((document) -> {
			});
		}
		catch (YAMLException ex) {
			throw new IllegalStateException("Configuration file " + file + " is malformed: "
					+ ex.getMessage().replaceAll("\\s+", " ").replace("in 'reader', ", "").strip(), ex);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Configuration file " + file + " cannot be read: " + ex.getMessage(), ex);
		}
	}

}
