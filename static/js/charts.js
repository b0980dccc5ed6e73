/*
 * Draws the report charts. Each chart is a <canvas data-chart-source="ID"> whose data sits
 * in <script type="application/json" id="ID"> (Django's json_script), so the page has no
 * inline code and works under a strict Content-Security-Policy. The numbers are also in the
 * table beside each chart, which is what screen readers and people without JavaScript use.
 */
(function () {
  "use strict";

  var PALETTE = ["#1e88e5", "#d81b60", "#43a047", "#fb8c00", "#8e24aa", "#00897b"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (dataset, index) {
      var colour = PALETTE[index % PALETTE.length];
      return {
        label: dataset.label,
        data: dataset.data,
        borderColor: colour,
        backgroundColor: spec.type === "bar" ? colour : colour + "33",
        spanGaps: false,
        tension: 0.2,
      };
    });
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
