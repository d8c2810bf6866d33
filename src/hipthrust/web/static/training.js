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
