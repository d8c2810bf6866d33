// /docs: Swagger UI over the app's OpenAPI document, started here because the page's
// Content-Security-Policy runs no inline script. A change needs the session's CSRF token: it is
// asked once from /api/v1/session, sent as X-CSRF-Token, and taken again from any answer that
// carries a new one (signing in or up rotates it).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var token = null;

  fetch("/api/v1/session", { credentials: "same-origin" })
    .then(function (answer) { return answer.json(); })
    .then(function (session) { token = session.csrf_token; })
    .catch(function () { token = null; });

  window.SwaggerUIBundle({
    url: root.dataset.spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    requestInterceptor: function (request) {
      var method = (request.method || "GET").toUpperCase();
      if (token && method !== "GET" && method !== "HEAD") {
        request.headers["X-CSRF-Token"] = token;
      }
      return request;
    },
    responseInterceptor: function (response) {
      if (response.obj && typeof response.obj.csrf_token === "string") {
        token = response.obj.csrf_token;
      }
      return response;
    },
  });
})();
