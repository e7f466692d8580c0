/* The programme plan's Gantt chart (frappe-gantt): rows from a JSON script tag, read-only, by month. */
(function () {
  'use strict';
  function start() {
    document.querySelectorAll('[data-gantt]').forEach(function (box) {
      var rows = JSON.parse(document.getElementById(box.dataset.source).textContent);
      if (!rows.length) { return; }
      new window.Gantt(box, rows, {view_mode: box.dataset.mode || 'Month', readonly: true,
                                   language: document.documentElement.lang || 'vi', view_mode_select: true,
                                   container_height: 'auto', popup_on: 'click'});
      box.dataset.rendered = String(box.querySelectorAll('.bar-wrapper').length);
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
