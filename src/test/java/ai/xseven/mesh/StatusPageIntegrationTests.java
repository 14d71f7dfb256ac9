package ai.xseven.mesh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import ai.xseven.mesh.startup.StartupOrchestrator;
import ai.xseven.mesh.support.EmbeddedBackends;
import ai.xseven.mesh.support.HeadlessChrome;
import ai.xseven.mesh.support.MeshTestProperties;
import ai.xseven.mesh.support.TcpProxy;
import ai.xseven.mesh.support.TestHttp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The status page at {@code /} in a real browser (headless Chromium): it lists every registered
 * service with the status {@code /health/system} gives, shows a service going DOWN and back
 * without a reload when its dependency stops answering, loads nothing from outside the host, and
 * shows the configuration history once the admin token is typed in. The screenshot is
 * {@code target/status-page.png}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class StatusPageIntegrationTests {

	static final TcpProxy redis = new TcpProxy("localhost", EmbeddedBackends.redisPort(), TcpProxy.Mode.PASS);

	@DynamicPropertySource
	static void backends(DynamicPropertyRegistry registry) {
		MeshTestProperties.embedded(registry);
		MeshTestProperties.redis(registry, redis.getPort());
	}

	@AfterAll
	static void closeProxy() {
		redis.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	StartupOrchestrator orchestrator;

	@Test
	void showsEveryServiceAndFollowsAnOutageWithoutAReload(@TempDir Path profile) throws IOException {
		Optional<HeadlessChrome.Installation> chrome = HeadlessChrome.find();
		assumeThat(chrome).as("Chromium and chromedriver (Debian: apt-get install chromium chromium-driver)")
			.isPresent();
		RestTestClient http = TestHttp.client(this.port);
		assertThat(this.orchestrator.awaitStartup(Duration.ofSeconds(60))).isTrue();
		// Every service UP first: a check can time out on a busy machine right after start-up.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(services(http).values())
			.isNotEmpty().containsOnly("UP"));

		ChromeDriver browser = HeadlessChrome.start(chrome.get(), profile);
		try {
			String base = "http://localhost:" + this.port;
			browser.get(base + "/");
			// The page shows what the host says, read again at each try.
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(shownServices(browser))
				.isEqualTo(services(http)));
			assertThat(browser.findElement(By.id("system")).getText()).startsWith("System ");
			assertThat(browser.findElements(By.cssSelector("#breakers tr[data-breaker='redis']"))).hasSize(1);
			assertThat(resourcesLoaded(browser)).isNotEmpty().allSatisfy((url) -> assertThat(url).startsWith(base));

			redis.setMode(TcpProxy.Mode.RESET);
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				assertThat(shownServices(browser)).containsEntry("redis", "DOWN");
				assertThat(browser.findElement(By.cssSelector("#changes tbody")).getText()).contains("redis");
			});
			browser.findElement(By.id("token")).sendKeys(MeshTestProperties.ADMIN_TOKEN);
			browser.findElement(By.cssSelector("#token-form button[type=submit]")).click();
			await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("history")).isDisplayed());
			HeadlessChrome.screenshot(browser, Path.of("target", "status-page.png"));
			assertThat(Files.size(Path.of("target", "status-page.png"))).isPositive();

			redis.setMode(TcpProxy.Mode.PASS);
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(shownServices(browser))
				.containsEntry("redis", "UP"));
			browser.findElement(By.id("forget")).click();
			await().atMost(Duration.ofSeconds(5)).until(() -> !browser.findElement(By.id("history")).isDisplayed());
		}
		finally {
			redis.setMode(TcpProxy.Mode.PASS);
			browser.quit();
		}
	}

	@Test
	void theHistoryNeedsAValidTokenAndNothingIsHtml(@TempDir Path profile) {
		Optional<HeadlessChrome.Installation> chrome = HeadlessChrome.find();
		assumeThat(chrome).as("Chromium and chromedriver").isPresent();
		assertThat(this.orchestrator.awaitStartup(Duration.ofSeconds(60))).isTrue();
		ChromeDriver browser = HeadlessChrome.start(chrome.get(), profile);
		try {
			browser.get("http://localhost:" + this.port + "/");
			browser.findElement(By.id("token")).sendKeys("<b>not-the-token</b>");
			browser.findElement(By.cssSelector("#token-form button[type=submit]")).click();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
					browser.findElement(By.id("history-error")).getText()).isEqualTo("The admin token is not valid."));
			assertThat(browser.findElement(By.id("history")).isDisplayed()).isFalse();
			assertThat(browser.findElements(By.tagName("b"))).isEmpty();
		}
		finally {
			browser.quit();
		}
	}

	private static Map<String, String> services(RestTestClient http) {
		String body = http.get().uri("/health/system").exchange().returnResult(String.class).getResponseBody();
		Map<String, Map<String, Object>> services = JsonPath.read(body, "$.services");
		Map<String, String> statuses = new LinkedHashMap<>();
		services.forEach((name, service) -> statuses.put(name, (String) service.get("status")));
		return statuses;
	}

	/**
	 * Each service row's name and status label, read in one script so that a refresh of the page
	 * cannot replace the rows while they are read.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, String> shownServices(ChromeDriver browser) {
		List<List<String>> rows = (List<List<String>>) browser.executeScript(
				"return Array.from(document.querySelectorAll('#services tbody tr[data-service]'))"
						+ ".map((row) => [row.dataset.service, row.querySelector('.badge').textContent]);");
		Map<String, String> shown = new LinkedHashMap<>();
		rows.forEach((row) -> shown.put(row.get(0), row.get(1)));
		return shown;
	}

	@SuppressWarnings("unchecked")
	private static List<String> resourcesLoaded(ChromeDriver browser) {
		return (List<String>) browser.executeScript(
				"return performance.getEntriesByType('resource').map((entry) => entry.name)"
						+ ".concat([document.location.href]);");
	}

}
