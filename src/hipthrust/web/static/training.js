// Today's session: the +/- steppers next to reps and load (no inline handlers: CSP).
"use strict";
(function () {
  function decimals(step) {
    var text = String(step);
    return text.indexOf(".") < 0 ? 0 : text.length - text.indexOf(".") - 1;
  }
  function nudge(stepper, direction) {
    var input = stepper.querySelector("input");
    if (!input) { return; }
    var step = parseFloat(stepper.getAttribute("data-step")) || 1;
    var value = parseFloat(String(input.value).replace(",", "."));
    if (isNaN(value)) { value = 0; }
    var next = Math.max(0, value + direction * step);
    input.value = next.toFixed(decimals(step)).replace(/\.0+$/, "");
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }
  document.querySelectorAll(".stepper").forEach(function (stepper) {
    var down = stepper.querySelector(".step-down");
    var up = stepper.querySelector(".step-up");
    if (down) { down.addEventListener("click", function () { nudge(stepper, -1); }); }
    if (up) { up.addEventListener("click", function () { nudge(stepper, 1); }); }
  });
})();
// The rest timer: it starts when the page opens after a set is logged (Today?logged=1), from
// the default of the athlete's goal or the seconds the athlete chose last (kept in this browser).
(function () {
  var box = document.getElementById("rest-timer");
  if (!box) { return; }
  var left = document.getElementById("rest-left");
  var done = document.getElementById("rest-done");
  var input = document.getElementById("rest-seconds");
  var kept = parseInt(window.localStorage.getItem("hipthrust-rest-seconds") || "", 10);
  var seconds = kept > 0 ? kept : parseInt(box.getAttribute("data-seconds"), 10) || 90;
  var started = Date.now();
  input.value = String(seconds);
  function show() {
    var remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
    left.textContent = Math.floor(remaining / 60) + ":" + String(remaining % 60).padStart(2, "0");
    box.setAttribute("data-left", String(remaining));
    done.hidden = remaining > 0;
  }
  input.addEventListener("change", function () {
    var chosen = parseInt(input.value, 10);
    if (chosen > 0 && chosen <= 900) {
      seconds = chosen;
      started = Date.now();
      window.localStorage.setItem("hipthrust-rest-seconds", String(chosen));
      show();
    }
  });
  show();
  window.setInterval(show, 1000);
})();
// After a set is logged, the page lands on the card of the next set (the same exercise while
// sets of it remain, else the next one), not at the top: what was just logged (with Undo) and
// the rest timer move to the top of that card, so everything for the next set is in view.
(function () {
  var landing = document.getElementById("landing");
  var card = landing && document.getElementById(landing.getAttribute("data-target") || "");
  if (!card) { return; }
  var first = card.firstChild;
  var moved = document.querySelectorAll("#logged-notice, #rest-timer, .alert.training-flash");
  Array.prototype.forEach.call(moved, function (item) { card.insertBefore(item, first); });
  card.setAttribute("tabindex", "-1");
  card.scrollIntoView({ block: "start" });
  card.focus({ preventScroll: true });
})();
