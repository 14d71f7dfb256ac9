package ai.xseven.mesh.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v3/api-docs}: the OpenAPI 3 description of the mesh's endpoints. springdoc derives it
 * from the controllers in the build, and the build fails when the file shipped here is not what
 * the code gives ({@code MeshHostIntegrationTests}); the host itself serves the file, read once
 * on the first request, so its start pays nothing for it.
 */
@RestController
class OpenApiDocumentController {

	static final String DOCUMENT = "openapi/api-docs.json";

	private final SingletonSupplier<byte[]> document = SingletonSupplier.of(OpenApiDocumentController::read);

	@GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<byte[]> document() {
		return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(this.document.obtain());
	}

	private static byte[] read() {
		try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The OpenAPI document " + DOCUMENT + " is not in the jar", ex);
		}
	}

}
