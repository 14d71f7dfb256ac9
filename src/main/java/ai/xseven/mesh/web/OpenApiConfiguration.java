package ai.xseven.mesh.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs} (public, like the health endpoints): every
 * endpoint of the mesh with its answers, the admin token as a bearer scheme on {@code /admin/**},
 * and the error answers the host gives, each with the JSON error shape.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String ADMIN_SCHEME = "adminToken";

	static final String ERROR_SCHEMA = "ApiError";

	@Bean
	OpenAPI meshOpenApi(ObjectProvider<BuildProperties> build) {
		String version = build.getIfAvailable() != null ? build.getIfAvailable().getVersion() : "development";
		return new OpenAPI()
			.info(new Info().title("X-Seven Mesh")
				.version(version)
				.description("The X-Seven host: services, health, circuit breakers, runtime configuration, "
						+ "events and workflows. Errors are {\"error\": \"a sentence\"} with \"details\" "
						+ "([{\"field\", \"message\"}]) when fields are at fault.")
				.license(new License().name("Proprietary")))
			.components(new Components()
				.addSecuritySchemes(ADMIN_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("The admin token (ADMIN_TOKEN): 'Authorization: Bearer <ADMIN_TOKEN>'"))
				.schemas(ModelConverters.getInstance().read(ApiError.class)));
	}

	/**
	 * The answers every operation may give besides its own: the admin token's 401 and 403 on
	 * {@code /admin/**}, the per-family bound's 503 on {@code /api/**}, 400 where a request has
	 * parameters or a body, 404 where it names something, 413 where it has a body.
	 */
	@Bean
	OpenApiCustomizer meshErrorAnswers() {
		return (openApi) -> openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			if (path.startsWith("/admin/")) {
				operation.addSecurityItem(new SecurityRequirement().addList(ADMIN_SCHEME));
				error(operation, "401", "The admin token is missing or not valid");
				error(operation, "403", "The token lacks the admin role");
			}
			if (path.startsWith(ApiConcurrency.PREFIX)) {
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
		}));
	}

	private static void error(Operation operation, String status, String description) {
		if (operation.getResponses() != null && operation.getResponses().containsKey(status)) {
			return;
		}
		Schema<?> schema = new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA);
		operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
			.content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
					new MediaType().schema(schema))));
	}

}
