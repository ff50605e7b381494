// The ROI report pages: the print button, the period form, and the charts.
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
  var startInput = document.getElementById("id_start");
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

  // Start shows the shown period's first day (1 January for a year). Switching the kind lands on
  // the period holding the shown start; when today lies in the shown period, the start moves to
  // today first, so "Quarter" on this year's report lands on this quarter, not on January's.
  var shown = document.querySelector("[data-report-period]");
  if (periodSelect && startInput && shown) {
    var kindShown = periodSelect.value;
    periodSelect.addEventListener("change", function () {
      var today = shown.getAttribute("data-today");
      var inShown = today >= shown.getAttribute("data-period-start") && today <= shown.getAttribute("data-period-end");
      if (periodSelect.value !== kindShown && periodSelect.value !== "custom" && inShown) {
        startInput.value = today;
      }
    });
  }

  // The compare form: the second pilot only means something against another pilot.
  var against = document.getElementById("id_against");
  var secondInput = document.getElementById("id_b");
  var secondField = secondInput && secondInput.closest(".field");
  if (against && secondField) {
    var syncSecond = function () {
      secondField.hidden = against.value !== "pilot" && !secondField.querySelector(".error");
    };
    against.addEventListener("change", syncSecond);
    syncSecond();
  }

  var section = document.querySelector("[data-report-data]");
  if (!section) return;
  var status = section.querySelector("[data-report-chart-status]");
  function say(text) { if (status) status.textContent = text; }
  if (!window.Chart || !window.fetch) {
    say("The charts could not be drawn in this browser; the tables below hold the same figures.");
    return;
  }

  // One colour per series position; a chart holds one measure, so at most two series.
  var COLORS = ["#1d4ed8", "#b45309"];
  var Chart = window.Chart;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#1f2933";

  // Ticks and tooltips in the unit of the chart's one axis, with the digits the tables show.
  function formatter(unit, currency) {
    var digits = unit === "money" || unit === "percent" ? 2 : 0;
    var number = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 0, maximumFractionDigits: digits });
    var exact = new Intl.NumberFormat("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    return {
      tick: function (value) {
        if (unit === "percent") return number.format(value) + "%";
        return number.format(value);
      },
      value: function (value) {
        if (value === null || value === undefined) return "—";
        if (unit === "money") return exact.format(value) + " " + currency;
        if (unit === "percent") return exact.format(value) + "%";
        return exact.format(value);
      }
    };
  }

  function draw(chartData, currency) {
    var canvas = section.querySelector('[data-report-chart="' + chartData.key + '"]');
    if (!canvas) return null;
    var format = formatter(chartData.unit, currency);
    var many = chartData.series.length > 1;
    var byStage = chartData.over === "stage";
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: chartData.labels,
        datasets: chartData.series.map(function (s, i) {
          return {
            label: s.label,
            data: s.data,
            backgroundColor: COLORS[i % COLORS.length] + "cc",
            borderColor: COLORS[i % COLORS.length],
            borderWidth: 1
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { display: many, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) { return item.dataset.label + ": " + format.value(item.raw); }
            }
          }
        },
        // One measure, so one axis: its title says what and in which unit.
        scales: {
          // A stage's tick says "Stage 1" (its full name is in the tooltip and the table), so
          // every stage keeps its label on a phone.
          x: {
            ticks: {
              autoSkip: !byStage,
              maxRotation: 0,
              callback: function (value) {
                var label = this.getLabelForValue(value);
                return byStage ? label.split(" · ")[0] : label;
              }
            }
          },
          y: {
            beginAtZero: true,
            title: { display: true, text: chartData.measure },
            ticks: { precision: chartData.unit === "money" || chartData.unit === "percent" ? undefined : 0, callback: format.tick }
          }
        }
      }
    });
  }

  var charts = [];
  fetch(section.getAttribute("data-report-data"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (data) {
      data.charts.forEach(function (chartData) { charts.push(draw(chartData, data.currency)); });
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
