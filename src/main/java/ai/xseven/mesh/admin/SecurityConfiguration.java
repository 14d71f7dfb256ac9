package ai.xseven.mesh.admin;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import ai.xseven.mesh.web.ApiError;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;

/**
 * Only the admin token opens {@code /admin/**} and the Actuator endpoints other than
 * {@code health}, {@code info} and {@code prometheus}; everything else is public. Stateless: no
 * session, no cookie, so no CSRF token either.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String BEARER = "Bearer ";

	/**
	 * No observation of every security filter, authentication and authorization: wrapping each
	 * filter of each request in an observation cost more than the rest of an event's publication,
	 * and the series it adds say nothing an operator acts on ({@code http.server.requests} keeps
	 * the requests' own timings and statuses).
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	AdminTokenAuthenticationProvider adminTokenAuthenticationProvider(AdminProperties properties) {
		return new AdminTokenAuthenticationProvider(AdminToken.of(properties.getToken()));
	}

	/**
	 * {@code /health/**} is public and answered from the checker's snapshot: a chain of its own
	 * that only writes the security headers, without a security context, an anonymous
	 * authentication or an authorization check on every probe of a balancer.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain healthSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/health/**")
			.securityContext(AbstractHttpConfigurer::disable)
			.anonymous(AbstractHttpConfigurer::disable)
			.sessionManagement(AbstractHttpConfigurer::disable)
			.servletApi(AbstractHttpConfigurer::disable)
			.exceptionHandling(AbstractHttpConfigurer::disable)
			.csrf(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable);
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain meshSecurityFilterChain(HttpSecurity http, AdminTokenAuthenticationProvider provider,
			JsonMapper jsonMapper) throws Exception {
		AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(provider),
				SecurityConfiguration::presentedToken);
		bearer.setSuccessHandler((request, response, authentication) -> {
		});
		bearer.setFailureHandler((request, response, ex) -> unauthorized(response, jsonMapper,
				"The admin token is not valid."));
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(EndpointRequest.to("health", "info", "prometheus")).permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(AdminAuthentication.ROLE)
			.requestMatchers("/admin/**").hasRole(AdminAuthentication.ROLE)
			.anyRequest().permitAll())
			.addFilterBefore(bearer, AuthorizationFilter.class)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> unauthorized(response, jsonMapper,
						"This endpoint needs the admin token: send 'Authorization: Bearer <ADMIN_TOKEN>'."))
				.accessDeniedHandler((request, response, ex) -> write(response, jsonMapper, HttpStatus.FORBIDDEN,
						"This endpoint needs the admin role.")));
		return http.build();
	}

	private static Authentication presentedToken(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		return AdminAuthentication.presented(header.substring(BEARER.length()).trim());
	}

	private static void unauthorized(HttpServletResponse response, JsonMapper jsonMapper, String message)
			throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		write(response, jsonMapper, HttpStatus.UNAUTHORIZED, message);
	}

	private static void write(HttpServletResponse response, JsonMapper jsonMapper, HttpStatus status, String message)
			throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		jsonMapper.writeValue(response.getOutputStream(), ApiError.of(message));
	}

}
