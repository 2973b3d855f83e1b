// Swagger UI for the runner's view of openapi.yaml: its only server is this page's origin.
// No validator badge (it would send the document to validator.swagger.io) and no top bar (it lets a
// user load any URL); the page's Content-Security-Policy keeps every request on this origin anyway.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/_local/docs/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    displayRequestDuration: true
  });
});
