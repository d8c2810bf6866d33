// Videos: upload with a progress bar (the form still works without this script), and the
// report page following its analysis until it is done. No inline handlers: CSP.
"use strict";
(function () {
  var token = document.querySelector('meta[name="csrf-token"]');
  var csrf = token ? token.getAttribute("content") : "";

  function showError(field, message) {
    var ids = { exercise: "video-exercise-error", load: "video-load-error",
                side: "video-side-error", video: "video-file-error" };
    document.querySelectorAll("#video-upload-form .field-error").forEach(function (p) {
      p.textContent = ""; p.hidden = true; p.removeAttribute("role");
    });
    var target = document.getElementById(ids[field] || ids.video);
    target.textContent = message;
    target.hidden = false;
    target.setAttribute("role", "alert");
  }

  var form = document.getElementById("video-upload-form");
  if (form && window.FormData && window.XMLHttpRequest) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = document.getElementById("video-upload-submit");
      var bar = document.getElementById("video-upload-progress");
      var status = document.getElementById("video-upload-status");
      var data = new FormData(form);
      data.delete("csrf_token");
      var request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("data-api"));
      request.setRequestHeader("X-CSRF-Token", csrf);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
      });
      request.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(request.responseText); } catch (ignored) { body = {}; }
        if (request.status === 201 && body.report_url) {
          status.textContent = "Uploaded: opening the report…";
          window.location.assign(body.report_url);
          return;
        }
        button.disabled = false; bar.hidden = true; status.textContent = "";
        var detail = typeof body.detail === "string" ? body.detail
          : "the upload failed (" + request.status + "): try again";
        showError(body.field || "video", detail);
      });
      request.addEventListener("error", function () {
        button.disabled = false; bar.hidden = true; status.textContent = "";
        showError("video", "the upload was cut off: check the connection and try again");
      });
      button.disabled = true; bar.hidden = false; bar.value = 0;
      status.textContent = "Uploading…";
      request.send(data);
    });
  }

  var report = document.getElementById("video-report");
  if (report) {
    var state = report.getAttribute("data-status");
    if (state === "pending" || state === "running") {
      var api = report.getAttribute("data-api");
      var poll = function () {
        var request = new XMLHttpRequest();
        request.open("GET", api);
        request.setRequestHeader("Accept", "application/json");
        request.addEventListener("load", function () {
          if (request.status !== 200) { window.setTimeout(poll, 3000); return; }
          var body = JSON.parse(request.responseText);
          if (body.status === "done" || body.status === "failed") {
            window.location.reload();
            return;
          }
          var bar = document.getElementById("analysis-progress");
          var stage = document.getElementById("analysis-stage");
          if (bar) { bar.value = Math.round(100 * body.progress); }
          if (stage) { stage.textContent = body.stage_words + "…"; }
          report.setAttribute("data-status", body.status);
          window.setTimeout(poll, 1000);
        });
        request.addEventListener("error", function () { window.setTimeout(poll, 3000); });
        request.send();
      };
      window.setTimeout(poll, 1000);
    }
  }
})();
