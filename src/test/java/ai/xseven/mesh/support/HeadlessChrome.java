package ai.xseven.mesh.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Chromium (or Chrome) without a screen, driven through the chromedriver installed beside it:
 * Debian's {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs, or the
 * browser and driver of a CI runner ({@code CHROME_BIN}, {@code CHROMEWEBDRIVER}). Nothing is
 * downloaded, and the browser makes no connection of its own (no updates, sync or telemetry).
 */
public final class HeadlessChrome {

	private static final String[] BROWSERS = { "chromium", "chromium-browser", "google-chrome",
			"google-chrome-stable" };

	private HeadlessChrome() {
	}

	/**
	 * The browser's and the driver's executables, when this machine has both.
	 * @return both, or empty
	 */
	public static Optional<Installation> find() {
		Optional<Path> browser = fromEnvironment("CHROME_BIN").or(() -> onPath(BROWSERS));
		Optional<Path> driver = fromEnvironment("CHROMEDRIVER")
			.or(() -> fromEnvironment("CHROMEWEBDRIVER").map((dir) -> dir.resolve("chromedriver")))
			.filter(Files::isExecutable)
			.or(() -> onPath("chromedriver"));
		return browser.flatMap((b) -> driver.map((d) -> new Installation(b, d)));
	}

	/**
	 * Starts a browser with a profile of its own under the given directory.
	 * @param installation the executables
	 * @param profile the directory for its profile
	 * @return the driver
	 */
	public static ChromeDriver start(Installation installation, Path profile) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(installation.browser().toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1400,2000", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(installation.driver().toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static Optional<Path> fromEnvironment(String name) {
		return Optional.ofNullable(System.getenv(name)).filter((value) -> !value.isBlank()).map(Path::of);
	}

	private static Optional<Path> onPath(String... names) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String name : names) {
			Optional<Path> found = Stream.of(path.split(File.pathSeparator))
				.map((dir) -> Path.of(dir, name))
				.filter(Files::isExecutable)
				.findFirst();
			if (found.isPresent()) {
				return found;
			}
		}
		return Optional.empty();
	}

	/**
	 * Writes what the browser shows to a PNG file.
	 * @param driver the browser
	 * @param file where
	 */
	public static void screenshot(ChromeDriver driver, Path file) {
		try {
			Files.createDirectories(file.getParent());
			driver.executeScript("window.scrollTo(0, 0);");
			Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A browser and its driver.
	 *
	 * @param browser the browser's executable
	 * @param driver chromedriver
	 */
	public record Installation(Path browser, Path driver) {
	}

}
