/* A probe's response times over the last 24 hours (Chart.js); failed checks leave gaps. */
(function () {
  'use strict';
  function start() {
    document.querySelectorAll('[data-probe-chart]').forEach(function (canvas) {
      var rows = JSON.parse(document.getElementById(canvas.dataset.source).textContent);
      new window.Chart(canvas, {
        type: 'line',
        data: {labels: rows.map(function (r) { return r[0].slice(11, 16); }),
               datasets: [{label: canvas.dataset.label, data: rows.map(function (r) { return r[1]; }),
                           spanGaps: false, pointRadius: 1, borderWidth: 1}]},
        options: {animation: false, maintainAspectRatio: false, scales: {y: {beginAtZero: true}}}
      });
      canvas.dataset.rendered = String(rows.length);
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
