package ai.xseven.bench.reference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A bare Spring Boot web application with a no-op endpoint, the benchmark kit's yardstick.
 */
@SpringBootApplication
@RestController
public class ReferenceApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReferenceApplication.class, args);
	}

	@GetMapping("/ping")
	String ping() {
		return "pong";
	}

}
