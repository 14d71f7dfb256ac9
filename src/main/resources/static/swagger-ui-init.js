// The Swagger UI of the host's own OpenAPI document; everything comes from the host.
"use strict";
window.addEventListener("DOMContentLoaded", () => {
	window.ui = SwaggerUIBundle({ url: "/v3/api-docs", dom_id: "#swagger-ui", validatorUrl: null });
});
