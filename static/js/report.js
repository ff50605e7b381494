// The ROI report pages: the print button, the period form's "end" field, and the two charts.
// Everything on the page works without this file: the tables hold every figure the charts show.
(function () {
  "use strict";

  // <button data-report-print hidden>: shown once this script runs; prints the page.
  document.querySelectorAll("[data-report-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // The end date only means something for a custom range.
  var periodSelect = document.getElementById("id_period");
  var endInput = document.getElementById("id_end");
  var endField = endInput && endInput.closest(".field");
  if (periodSelect && endField) {
    var syncEnd = function () {
      var custom = periodSelect.value === "custom";
      endField.hidden = !custom && !endField.querySelector(".error");
    };
    periodSelect.addEventListener("change", syncEnd);
    syncEnd();
  }

  var section = document.querySelector("[data-report-data]");
  if (!section) return;
  var status = section.querySelector("[data-report-chart-status]");
  function say(text) { if (status) status.textContent = text; }
  if (!window.Chart || !window.fetch) {
    say("The charts could not be drawn in this browser; the tables below hold the same figures.");
    return;
  }

  var COLORS = ["#1d4ed8", "#15803d", "#b45309", "#7c3aed", "#be123c"];
  var Chart = window.Chart;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#1f2933";

  function datasets(series, typeOf) {
    return series.map(function (s, i) {
      var type = typeOf(s);
      return {
        type: type,
        label: s.label,
        data: s.data,
        yAxisID: s.axis === "count" ? "count" : s.axis,
        backgroundColor: COLORS[i % COLORS.length] + (type === "bar" ? "cc" : "33"),
        borderColor: COLORS[i % COLORS.length],
        borderWidth: 2,
        pointRadius: 3,
        spanGaps: false,
        tension: 0.2
      };
    });
  }

  function axis(position, title, grid) {
    return { position: position, beginAtZero: true, title: { display: true, text: title }, grid: { drawOnChartArea: grid } };
  }

  function draw(name, config) {
    var canvas = section.querySelector('[data-report-chart="' + name + '"]');
    if (!canvas) return;
    config.options = Object.assign({
      responsive: true,
      maintainAspectRatio: false,
      animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : { duration: 300 },
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom" } }
    }, config.options || {});
    return new Chart(canvas, config);
  }

  var charts = [];
  fetch(section.getAttribute("data-report-data"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (data) {
      var money = data.currency;
      charts.push(draw("trend", {
        type: "bar",
        data: {
          labels: data.trend.labels,
          datasets: datasets(data.trend.series, function (s) { return s.axis === "money" ? "line" : "bar"; })
        },
        options: { scales: { count: axis("left", "Count / points", true), money: axis("right", money, false) } }
      }));
      charts.push(draw("stages", {
        type: "bar",
        data: {
          labels: data.stages.labels,
          datasets: datasets(data.stages.series, function () { return "bar"; })
        },
        // No ROI series for a reader who may not see the baselines: then no ROI axis either.
        options: { scales: data.stages.series.some(function (s) { return s.axis === "percent"; })
          ? { percent: axis("left", "ROI (%)", true), money: axis("right", "Cost per hire (" + money + ")", false) }
          : { money: axis("left", "Cost per hire (" + money + ")", true) } }
      }));
      say("");
      if (status) status.hidden = true;
    })
    .catch(function () {
      say("The charts could not be loaded; the tables below hold the same figures.");
    });

  // Charts are drawn for the screen's width; redraw them for the page when printing.
  window.addEventListener("beforeprint", function () {
    charts.forEach(function (chart) { if (chart) chart.resize(); });
  });
  window.addEventListener("afterprint", function () {
    charts.forEach(function (chart) { if (chart) chart.resize(); });
  });
})();
