// The venue ranking's bar chart, fed by listening:ranking_data. The table on the page holds every
// figure the chart shows, so the page works without this file.
(function () {
  "use strict";

  var section = document.querySelector("[data-ranking-data]");
  if (!section) return;
  var canvas = section.querySelector("[data-ranking-chart]");
  var status = section.querySelector("[data-ranking-chart-status]");
  function say(text) { if (status) status.textContent = text; }
  if (!canvas || !window.Chart || !window.fetch) {
    say("The chart could not be drawn in this browser; the table above holds the same figures.");
    return;
  }

  var Chart = window.Chart;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#1f2933";

  fetch(section.getAttribute("data-ranking-data"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (data) {
      var venues = data.venues || [];
      if (!venues.length) {
        say("No venue to chart for this period.");
        return;
      }
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: venues.map(function (v) { return v.name; }),
          datasets: [
            {
              label: "Score (relevant per week × share relevant)",
              data: venues.map(function (v) { return v.score; }),
              backgroundColor: "#1d4ed8cc",
              borderColor: "#1d4ed8",
              borderWidth: 1,
              yAxisID: "score"
            },
            {
              label: "Relevant per week",
              data: venues.map(function (v) { return v.quantity; }),
              backgroundColor: "#15803dcc",
              borderColor: "#15803d",
              borderWidth: 1,
              yAxisID: "score"
            },
            {
              label: "Share relevant (%)",
              data: venues.map(function (v) { return v.quality === null ? null : Math.round(v.quality * 100); }),
              backgroundColor: "#b4530966",
              borderColor: "#b45309",
              borderWidth: 1,
              yAxisID: "percent"
            }
          ]
        },
        options: {
          responsive: true,
          animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : { duration: 300 },
          interaction: { mode: "index", intersect: false },
          plugins: { legend: { position: "bottom" } },
          scales: {
            score: { position: "left", beginAtZero: true, title: { display: true, text: "Score / relevant per week" } },
            percent: { position: "right", beginAtZero: true, max: 100, title: { display: true, text: "Share relevant (%)" }, grid: { drawOnChartArea: false } }
          }
        }
      });
      say("");
      if (status) status.hidden = true;
    })
    .catch(function () {
      say("The chart could not be loaded; the table above holds the same figures.");
    });
})();
