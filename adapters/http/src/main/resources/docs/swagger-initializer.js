// Swagger UI over this server's own OpenAPI document. validatorUrl null: never ask swagger.io to validate it.
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: "openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
  });
});
