package ai.xseven.bench.reference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

	/**
	 * The no-op answered 503, the yardstick of a health answer while the system is DOWN: Tomcat
	 * closes the connection after every 503, so each such answer costs a new connection.
	 */
	@GetMapping("/unavailable")
	ResponseEntity<String> unavailable() {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("pong");
	}

}
