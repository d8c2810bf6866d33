// The service worker (served as /sw.js, scope: the whole site). It keeps:
// - the app's files (the shell): fetched from the network while there is signal, from the
//   cache without;
// - the last copy of the athlete's Today and Plan pages: network first, so with signal they are
//   always fresh; without, the copy kept is shown with a notice saying from when it is.
// Nothing else is kept or touched: other pages, the API, downloads and every form post go to
// the network as they would without a worker (a set logged without signal is queued by
// offline.js, not here); only while offline does another page get a "No signal" page. Signing
// out empties the kept pages.
"use strict";

var SHELL = "hipthrust-shell-v1";
var PAGES = "hipthrust-pages-v1";
var SHELL_FILES = [
  "/static/app.css",
  "/static/training.js",
  "/static/offline.js",
  "/static/favicon.svg",
  "/manifest.webmanifest"
];
var KEPT_PAGE = /^\/athletes\/\d+\/(today|plan)$/;
var SAVED_HEADER = "X-Hipthrust-Saved";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_FILES); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name !== SHELL && name !== PAGES;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function twoDigits(value) { return String(value).padStart(2, "0"); }

function clock(time) {
  var when = new Date(time);
  return twoDigits(when.getHours()) + ":" + twoDigits(when.getMinutes());
}

function savedDay(time) {
  var when = new Date(time);
  var today = new Date();
  return when.toDateString() === today.toDateString() ? "" : " on " + when.toDateString();
}

// The kept copy of a page, with the notice that it is a copy (put first in <main>).
function keptCopy(request) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(request, { ignoreSearch: true });
  }).then(function (kept) {
    if (!kept) { return null; }
    var saved = Number(kept.headers.get(SAVED_HEADER)) || Date.now();
    return kept.text().then(function (html) {
      var notice = '<p class="notice offline-copy" role="status" id="offline-copy" data-saved="' +
        new Date(saved).toISOString() + '"><strong>Offline</strong> — showing the copy from ' +
        clock(saved) + savedDay(saved) + ". Sets you log now are queued and sent when the " +
        "signal returns.</p>";
      // After the opening tag of <main>, whatever its attributes.
      var body = html.replace(/<main\b[^>]*>/, function (tag) { return tag + notice; });
      var headers = new Headers(kept.headers);
      headers.delete("Content-Length");
      return new Response(body, { status: 200, headers: headers });
    });
  });
}

function offlinePage() {
  var html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>Offline · hipthrust</title><link rel=\"stylesheet\" href=\"/static/app.css\">" +
    "</head><body><main><section class=\"card\" id=\"offline-page\"><h1>No signal</h1>" +
    "<p>This page has not been opened on this phone with signal yet, so there is no copy " +
    "of it. Today and your plan open without signal once you have opened them with it.</p>" +
    "<p><a href=\"/\">Try again</a></p></section></main></body></html>";
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }
  });
}

// Today and the plan: the network's answer (kept for later), else the kept copy.
function networkFirst(event, url) {
  var request = event.request;
  return fetch(request).then(function (response) {
    var html = (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
    if (response.ok && !response.redirected && html) {
      var copy = response.clone();
      event.waitUntil(copy.text().then(function (body) {
        var headers = new Headers(copy.headers);
        headers.set(SAVED_HEADER, String(Date.now()));
        return caches.open(PAGES).then(function (cache) {
          return cache.put(url.origin + url.pathname, new Response(body, {
            status: 200, headers: headers
          }));
        });
      }));
    }
    return response;
  }).catch(function () {
    return keptCopy(request).then(function (kept) { return kept || offlinePage(); });
  });
}

// The app's files: the network's answer (refreshing the cache), else the cached file.
function shellFile(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(SHELL).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(SHELL).then(function (cache) {
      return cache.match(request, { ignoreSearch: true });
    }).then(function (cached) { return cached || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method !== "GET") {
    if (request.method === "POST" && url.pathname === "/logout") {
      // Signing out: the next person on this phone must not see this one's kept pages.
      event.waitUntil(caches.delete(PAGES));
    }
    return;
  }
  if (KEPT_PAGE.test(url.pathname)) {
    event.respondWith(networkFirst(event, url));
    return;
  }
  if (SHELL_FILES.indexOf(url.pathname) >= 0) {
    event.respondWith(shellFile(request));
    return;
  }
  // Any other page, only while the phone says it is offline: the page if it comes anyway,
  // else one saying there is no copy. With signal nothing else passes through here.
  if (request.mode === "navigate" && self.navigator.onLine === false) {
    event.respondWith(fetch(request).catch(function () { return offlinePage(); }));
  }
});
