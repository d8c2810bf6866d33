// History: e1RM, volume and pain per training day, drawn with plotly.js from the progress API.
"use strict";
(function () {
  var box = document.getElementById("progress-chart");
  if (!box || typeof Plotly === "undefined") { return; }
  var units = box.getAttribute("data-units") || "kg";

  function draw(data) {
    var chart = data.chart;
    box.setAttribute("data-points", String(chart.day.length));
    box.setAttribute("data-sets", String(chart.sets.reduce(function (a, b) { return a + b; }, 0)));
    box.setAttribute("data-last-day", chart.day.length ? chart.day[chart.day.length - 1] : "");
    if (!chart.day.length) { return; }
    // Bodyweight work has no volume load: its volume is the reps.
    var loaded = chart.volume.some(function (value) { return value > 0; });
    var volume = loaded ? chart.volume : chart.reps;
    var volumeName = loaded ? "Volume (" + units + " x reps)" : "Reps";
    var xaxis = { type: "date", tickformat: "%d %b" };
    if (chart.day.length === 1) {
      var day = new Date(chart.day[0] + "T12:00:00Z").getTime();
      var week = 3 * 24 * 3600 * 1000;
      xaxis.range = [new Date(day - week).toISOString().slice(0, 10),
                     new Date(day + week).toISOString().slice(0, 10)];
    }
    var traces = [
      { name: "e1RM (" + units + ")", x: chart.day, y: chart.e1rm, text: chart.e1rm_label,
        type: "scatter", mode: "lines+markers", connectgaps: true, yaxis: "y" },
      { name: volumeName, x: chart.day, y: volume, type: "bar", yaxis: "y2", opacity: 0.6,
        width: 0.8 * 24 * 3600 * 1000 },
      { name: "Pain during (0-10)", x: chart.day, y: chart.pain, type: "scatter",
        mode: "lines+markers", yaxis: "y3" },
      { name: "Next-morning pain", x: chart.day, y: chart.morning_pain, type: "scatter",
        mode: "markers", marker: { symbol: "circle-open", size: 10 }, yaxis: "y3" }
    ];
    var layout = {
      // Readable in light and dark mode: the page's own text and line colours, no background.
      font: colours().font, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      grid: { rows: 3, columns: 1, pattern: "coupled", roworder: "top to bottom" },
      yaxis: { title: { text: "e1RM" }, rangemode: "tozero" },
      yaxis2: { title: { text: loaded ? "Volume" : "Reps" }, rangemode: "tozero" },
      yaxis3: { title: { text: "Pain" }, range: [0, 10] },
      xaxis: xaxis,
      height: 580, margin: { l: 56, r: 12, t: 48, b: 40 },
      // Above the panels, never over them: a legend inside could hide the only pain point.
      legend: { orientation: "h", x: 0, xanchor: "left", y: 1.0, yanchor: "bottom" }
    };
    var empty = document.getElementById("chart-empty");
    if (empty) { empty.remove(); }
    ["xaxis", "yaxis", "yaxis2", "yaxis3"].forEach(function (axis) {
      layout[axis].gridcolor = colours().grid;
      layout[axis].zerolinecolor = colours().grid;
    });
    Plotly.newPlot(box, traces, layout, { responsive: true, displayModeBar: false })
      .then(function () { box.setAttribute("data-rendered", "true"); });
  }

  // The colours of the page (app.css's custom properties), which follow the system's scheme.
  function colours() {
    var style = getComputedStyle(box);
    return { font: { color: style.color },
             grid: style.getPropertyValue("--line").trim() || "#d8dee4" };
  }

  // The system switches between light and dark while the page is open: the chart follows.
  if (window.matchMedia) {
    var scheme = window.matchMedia("(prefers-color-scheme: dark)");
    var follow = function () {
      if (box.getAttribute("data-rendered") !== "true") { return; }
      var now = colours();
      Plotly.relayout(box, { "font.color": now.font.color, "xaxis.gridcolor": now.grid,
        "yaxis.gridcolor": now.grid, "yaxis2.gridcolor": now.grid, "yaxis3.gridcolor": now.grid });
    };
    if (scheme.addEventListener) { scheme.addEventListener("change", follow); }
  }

  fetch(box.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("the chart could not be loaded (" + response.status + ")"); }
      return response.json();
    })
    .then(draw)
    .catch(function (error) {
      var message = document.createElement("p");
      message.className = "error";
      message.textContent = String(error.message || error);
      box.appendChild(message);
    });
})();
