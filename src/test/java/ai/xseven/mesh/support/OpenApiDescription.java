package ai.xseven.mesh.support;

import java.util.List;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import ai.xseven.mesh.health.SystemHealth;
import ai.xseven.mesh.web.ApiError;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * How springdoc derives the host's OpenAPI description from its controllers, in the build: the
 * host ships the derived document ({@code src/main/resources/openapi/api-docs.json}, served at
 * {@code /v3/api-docs}), so that its start pays nothing for it, and
 * {@code MeshHostIntegrationTests} fails when the shipped document is not what the code gives.
 * Adds the admin token as a bearer scheme on {@code /admin/**} and the error answers the host
 * gives, each with the JSON error shape.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OpenApiDescription {

	/** Where springdoc serves what it derives, beside the shipped document ({@code config/application.yml} of the tests). */
	public static final String DERIVED = "/v3/derived-api-docs";

	static final String ADMIN_SCHEME = "adminToken";

	static final String ERROR_SCHEMA = "ApiError";

	private static final String API_PREFIX = "/api/";

	@Bean
	OpenAPI meshOpenApi() {
		return new OpenAPI()
			.info(new Info().title("X-Seven Mesh")
				.version("1")
				.description("The X-Seven host: services, health, circuit breakers, runtime configuration, "
						+ "events and workflows. Errors are {\"error\": \"a sentence\"} with \"details\" "
						+ "([{\"field\", \"message\"}]) when fields are at fault."))
			.servers(List.of(new Server().url("/").description("the host that serves this document")))
			.components(new Components()
				.addSecuritySchemes(ADMIN_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("The admin token (ADMIN_TOKEN): 'Authorization: Bearer <ADMIN_TOKEN>'")));
	}

	/**
	 * {@code /health/system} answers its rendered bytes, which springdoc cannot see into: its
	 * shape is {@link SystemHealth}'s, with 200 while UP or DEGRADED and 503 while DOWN.
	 */
	@Bean
	OpenApiCustomizer systemHealthDescription() {
		return (openApi) -> {
			ModelConverters.getInstance().readAll(SystemHealth.class).forEach(openApi.getComponents()::addSchemas);
			Operation system = openApi.getPaths().get("/health/system").getGet();
			Content content = new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/SystemHealth")));
			system.getResponses().addApiResponse("200", new ApiResponse()
				.description("Every service UP (UP), or an optional one not UP or a breaker open (DEGRADED)")
				.content(content));
			system.getResponses().addApiResponse("503", new ApiResponse()
				.description("A required service is not UP (DOWN): the same shape").content(content));
			system.getResponses().addApiResponse("304", new ApiResponse()
				.description("If-None-Match with the answer's ETag, while the system is not DOWN"));
			openApi.getPaths().get("/health/service/{name}").getGet().getResponses().addApiResponse("503",
					new ApiResponse().description("The service is not UP: the same shape as 200"));
		};
	}

	/**
	 * The answers every operation may give besides its own: the admin token's 401 and 403 on
	 * {@code /admin/**}, the per-family bound's 503 on {@code /api/**}, 400 where a request has
	 * parameters or a body, 404 where it names something, 413 where it has a body.
	 */
	@Bean
	OpenApiCustomizer meshErrorAnswers() {
		return (openApi) -> {
			ModelConverters.getInstance().readAll(ApiError.class).forEach(openApi.getComponents()::addSchemas);
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
				.forEach((method, operation) -> errorAnswers(path, operation)));
		};
	}

	private static void errorAnswers(String path, Operation operation) {
		if (path.startsWith("/admin/")) {
			operation.addSecurityItem(new SecurityRequirement().addList(ADMIN_SCHEME));
			error(operation, "401", "The admin token is missing or not valid");
			error(operation, "403", "The token lacks the admin role");
		}
		if (path.startsWith(API_PREFIX)) {
			error(operation, "503", "The endpoint family is at its bound of concurrent requests, or its "
					+ "dependency is unavailable (Retry-After says when to try again)");
		}
		boolean hasBody = operation.getRequestBody() != null;
		boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
		if (hasBody || hasParameters) {
			error(operation, "400", "A field or parameter is not valid; details name each");
		}
		if (path.contains("{")) {
			error(operation, "404", "Nothing of that name");
		}
		if (hasBody) {
			error(operation, "413", "The body is larger than the endpoint takes");
		}
	}

	private static void error(Operation operation, String status, String description) {
		if (operation.getResponses().containsKey(status)) {
			return;
		}
		Schema<?> schema = new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA);
		operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
			.content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
					new MediaType().schema(schema))));
	}

}
