// Working without signal (on every page; no inline handlers: CSP).
// 1. Registers the service worker (/sw.js), which keeps the app's files and the last copy of
//    Today and the plan.
// 2. A set logged on Today without signal is not lost: it is kept in this browser (IndexedDB)
//    with an idempotency key made here, and sent through the API (POST /api/v1/athletes/{id}/sets
//    with an Idempotency-Key header) when the signal returns and whenever a page opens. The key
//    makes sending it again harmless: the server stores it once.
"use strict";
(function () {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      // No service worker (a private window, an http address that is not this machine):
      // the pages still work with signal.
    });
  }
  if (!("indexedDB" in window)) { return; }

  var DATABASE = "hipthrust-offline";
  var QUEUE = "queued-sets";
  var SETS_ACTION = /\/athletes\/(\d+)\/sets$/;
  var sending = false;

  function openQueue() {
    return new Promise(function (resolve, reject) {
      var opening = window.indexedDB.open(DATABASE, 1);
      opening.onupgradeneeded = function () {
        opening.result.createObjectStore(QUEUE, { keyPath: "key" });
      };
      opening.onsuccess = function () { resolve(opening.result); };
      opening.onerror = function () { reject(opening.error); };
    });
  }

  function inQueue(mode, work) {
    return openQueue().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(QUEUE, mode);
        var result = work(tx.objectStore(QUEUE));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function queued() { return inQueue("readonly", function (store) { return store.getAll(); }); }
  function keep(item) { return inQueue("readwrite", function (store) { store.put(item); }); }
  function drop(key) { return inQueue("readwrite", function (store) { store.delete(key); }); }

  // A random (version 4) UUID; crypto.randomUUID needs a secure address, getRandomValues not.
  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function csrfToken() {
    var meta = document.querySelector("meta[name=csrf-token]");
    return meta ? meta.getAttribute("content") : "";
  }

  // The form's fields as the API's set (SetIn): numbers as numbers, empty fields left out.
  function setFrom(form) {
    var data = new FormData(form);
    var body = {};
    var text = function (name) { return String(data.get(name) || "").trim(); };
    body.exercise = text("exercise");
    [["reps", parseInt], ["right", parseInt], ["pain", parseInt], ["rpe", parseFloat]]
      .forEach(function (pair) {
        var value = text(pair[0]);
        if (value !== "") { body[pair[0]] = pair[1](value.replace(",", "."), 10); }
      });
    ["load", "hold", "tempo", "notes"].forEach(function (name) {
      if (text(name) !== "") { body[name] = text(name); }
    });
    var felt = data.getAll("felt").map(String).filter(Boolean);
    if (felt.length) { body.felt = felt.join(","); }
    if (text("warmup") === "on") { body.warmup = true; }
    // When it was done: the form's time if it has one, else now (sent later, it keeps its time).
    var at = text("at");
    var now = new Date();
    now.setMilliseconds(0);
    body.at = at ? at.replace("T", " ") : now.toISOString().replace(".000Z", "+00:00");
    return body;
  }

  // The notice: after the form just used (where the eyes are), else first on the page.
  function statusBox(form) {
    var box = document.getElementById("offline-status");
    if (!box) {
      box = document.createElement("div");
      box.id = "offline-status";
      box.className = "notice offline-status";
      box.setAttribute("role", "status");
    }
    if (form && form.parentNode) {
      form.parentNode.insertBefore(box, form.nextSibling);
    } else if (!box.parentNode) {
      var main = document.querySelector("main");
      if (!main) { return null; }
      main.insertBefore(box, main.firstChild);
    }
    return box;
  }

  function say(lines, link, form) {
    var box = statusBox(form);
    if (!box) { return; }
    box.textContent = "";
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    });
    if (link) {
      var a = document.createElement("a");
      a.href = window.location.pathname;
      a.id = "offline-refresh";
      a.textContent = link;
      box.appendChild(a);
    }
    if (form) { box.scrollIntoView({ block: "nearest" }); }
  }

  function describe(item) {
    var set = item.set;
    var what = set.exercise.replace(/_/g, " ") + ", " + (set.reps === undefined ? "?" : set.reps) +
      " reps" + (set.load ? " at " + set.load : "");
    return what;
  }

  // What the queue holds, after ``extra`` lines (what was just sent); ``link`` offers a refresh.
  function showQueue(extra, link, form) {
    return queued().then(function (items) {
      var lines = extra ? extra.slice() : [];
      var waiting = items.filter(function (item) { return !item.problem; });
      if (waiting.length) {
        lines.push("Queued, will send when online: " + waiting.length + " set" +
          (waiting.length === 1 ? "" : "s") + " (" + waiting.map(describe).join("; ") + ").");
      }
      items.filter(function (item) { return item.problem; }).forEach(function (item) {
        lines.push("Not sent: " + describe(item) + ". " + item.problem);
      });
      if (lines.length) { say(lines, link, form); }
      var box = document.getElementById("offline-status");
      if (box) { box.setAttribute("data-queued", String(waiting.length)); }
    });
  }

  function queue(form, athlete) {
    var item = {
      key: newKey(),
      athlete: athlete,
      set: setFrom(form),
      queuedAt: new Date().toISOString()
    };
    return keep(item).then(function () { return showQueue(null, null, form); });
  }

  // Sends every queued set, oldest first; each leaves the queue once the server has it.
  function send() {
    if (sending || navigator.onLine === false) { return Promise.resolve(); }
    sending = true;
    var sent = 0;
    var notes = [];
    return queued().then(function (items) {
      items.sort(function (a, b) { return a.queuedAt < b.queuedAt ? -1 : 1; });
      return items.filter(function (item) { return !item.problem; }).reduce(function (chain, item) {
        return chain.then(function (go) {
          if (!go) { return false; }
          return fetch("/api/v1/athletes/" + item.athlete + "/sets", {
            method: "POST",
            credentials: "same-origin",
            headers: {
              "Content-Type": "application/json",
              "Accept": "application/json",
              "X-CSRF-Token": csrfToken(),
              "Idempotency-Key": item.key
            },
            body: JSON.stringify(item.set)
          }).then(function (answer) {
            if (answer.status === 200 || answer.status === 201) {
              sent += 1;
              return drop(item.key).then(function () { return true; });
            }
            if (answer.status === 409) {  // stored before with other values: nothing to send
              notes.push("A queued set was already stored: " + describe(item) + ".");
              return drop(item.key).then(function () { return true; });
            }
            if (answer.status === 400 || answer.status === 422) {  // kept, with the reason
              return answer.json().catch(function () { return {}; }).then(function (said) {
                item.problem = String(said.detail || "the server refused it");
                return keep(item).then(function () { return true; });
              });
            }
            return false;  // signed out, or the server is unwell: try again later
          }, function () { return false; });  // still no signal
        });
      }, Promise.resolve(true));
    }).then(function () {
      sending = false;
      if (sent) {
        notes.unshift("Sent " + sent + " queued set" + (sent === 1 ? "" : "s") +
          ": it is in your log now.");
      }
      return showQueue(notes, sent ? "Refresh the page to see it" : null).then(function () {
        var box = document.getElementById("offline-status");
        if (sent && box) { box.setAttribute("data-sent", String(sent)); }
      });
    }, function () { sending = false; });
  }

  // Without signal, a set form is kept here instead of being posted (it would fail).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || navigator.onLine !== false) { return; }
    var match = SETS_ACTION.exec(form.getAttribute("action") || "");
    if (!match || (form.getAttribute("method") || "").toLowerCase() !== "post") { return; }
    event.preventDefault();
    queue(form, Number(match[1]));
  });

  // The kept copy of a page shows no "just logged" notice or rest timer from back then.
  if (document.getElementById("offline-copy")) {
    document.querySelectorAll(".training-flash, #rest-timer, #change-notice")
      .forEach(function (old) { old.remove(); });
  }

  window.addEventListener("online", function () { send(); });
  window.addEventListener("offline", function () { showQueue(null, null); });
  if (navigator.onLine === false) { showQueue(null, null); } else { send(); }
})();
