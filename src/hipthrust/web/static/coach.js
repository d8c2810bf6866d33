// The coach's pages: copy an invitation link with one tap.
"use strict";
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  button.addEventListener("click", function () {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    field.select();
    var done = function () { button.textContent = "Copied"; };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value).then(done, function () {});
    } else if (document.execCommand && document.execCommand("copy")) {
      done();
    }
  });
});

// The dashboard: a new sort or filter shows at once, and the search narrows the cards as
// you type. Without JavaScript the form's Show button does the same (?sort=&filter=&q=).
(function () {
  var controls = document.getElementById("board-controls");
  if (!controls) { return; }
  ["board-sort", "board-filter"].forEach(function (id) {
    var select = document.getElementById(id);
    if (select) {
      select.addEventListener("change", function () { controls.submit(); });
    }
  });
  var search = document.getElementById("board-q");
  var count = document.getElementById("board-count");
  var cards = document.querySelectorAll("#athlete-cards section.athlete");
  if (!search) { return; }
  search.addEventListener("input", function () {
    var needle = search.value.trim().replace(/\s+/g, " ").toLowerCase();
    var shown = 0;
    cards.forEach(function (card) {
      var match = (card.getAttribute("data-name") || "").indexOf(needle) !== -1;
      card.hidden = !match;
      if (match) { shown += 1; }
    });
    if (count) {
      count.textContent = "Showing " + shown + " of the " + cards.length + " listed.";
    }
  });
})();
