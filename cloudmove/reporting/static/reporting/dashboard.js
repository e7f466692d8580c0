/* The dashboard's charts (Chart.js): data from a JSON script tag; a click on a bar or slice opens the list
   it counts. */
(function () {
  'use strict';
  function start() {
    var source = document.getElementById('dashboard-charts');
    if (!source || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      var d = data[canvas.dataset.chart];
      if (!d) { return; }
      var kind = canvas.dataset.kind, datasets;
      if (kind === 'units') {
        datasets = [{label: canvas.dataset.totalLabel, data: d.values}, {label: canvas.dataset.liveLabel, data: d.live}];
      } else {
        datasets = [{label: canvas.getAttribute('aria-label'), data: d.values}];
      }
      new window.Chart(canvas, {
        type: kind === 'units' ? 'bar' : kind,
        data: {labels: d.labels, datasets: datasets},
        options: {
          animation: false, maintainAspectRatio: false, indexAxis: canvas.dataset.horizontal ? 'y' : 'x',
          plugins: {legend: {display: kind === 'doughnut' || kind === 'units'}},
          onClick: function (event, elements) {
            if (elements.length && d.links[elements[0].index]) { window.location.href = d.links[elements[0].index]; }
          }
        }
      });
      canvas.dataset.rendered = String(d.values.length);
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
