// Starts Swagger UI on /api/v1/docs. A file rather than an inline script: the Content-Security-Policy allows
// scripts from this site only.
window.addEventListener("load", function () {
  var container = document.getElementById("swagger-ui-container");
  var config = JSON.parse(container.dataset.config || "{}");
  config.url = container.dataset.specUrl;
  config.dom_id = "#swagger-ui-container";
  window.ui = SwaggerUIBundle(config);
});
