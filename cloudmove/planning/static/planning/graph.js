/* The dependency graph (Cytoscape.js): systems coloured by wave or readiness, hard links as solid
   arrows, latency-sensitive ones dashed, cycles in red, hubs as diamonds. Data from a JSON script tag;
   a click opens the system. No inline script: the page's CSP allows only files from this site. */
(function () {
  'use strict';
  var PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
                 '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd'];
  var READINESS = {ready: '#198754', conditional: '#ffc107', not_ready: '#dc3545', unknown: '#6c757d'};
  var WIDTH = {low: 1, medium: 2, high: 3, critical: 4};

  function colour(node, by) {
    if (by === 'readiness') { return READINESS[node.readiness] || '#adb5bd'; }
    if (node.wave === null || node.wave === undefined) { return '#ced4da'; }
    return PALETTE[(node.wave - 1) % PALETTE.length];
  }

  function draw(box) {
    var data = JSON.parse(document.getElementById(box.dataset.source).textContent);
    var by = box.dataset.colour || 'wave';
    var elements = data.nodes.map(function (n) {
      return {data: {id: 'n' + n.id, label: n.code, colour: colour(n, by), url: box.dataset.link.replace('999999999', n.id),
                     shape: n.hub ? 'diamond' : 'ellipse', border: n.cycle ? '#dc3545' : '#ffffff',
                     size: n.hub ? 34 : 24}};
    }).concat(data.edges.map(function (e) {
      return {data: {id: 'e' + e.id, source: 'n' + e.source, target: 'n' + e.target,
                     width: WIDTH[e.criticality] || 2, line: e.latency ? 'dashed' : 'solid',
                     colour: e.cycle ? '#dc3545' : (e.hard ? '#495057' : '#adb5bd')}};
    }));
    var cy = window.cytoscape({
      container: box, elements: elements, wheelSensitivity: 0.3,
      layout: {name: data.nodes.length > 400 ? 'grid' : 'cose', animate: false},
      style: [
        {selector: 'node', style: {'background-color': 'data(colour)', label: 'data(label)', 'font-size': 9,
                                   shape: 'data(shape)', width: 'data(size)', height: 'data(size)',
                                   'border-width': 2, 'border-color': 'data(border)'}},
        {selector: 'edge', style: {width: 'data(width)', 'line-color': 'data(colour)', 'line-style': 'data(line)',
                                   'target-arrow-shape': 'triangle', 'target-arrow-color': 'data(colour)',
                                   'curve-style': 'bezier', 'arrow-scale': 0.8}}
      ]
    });
    cy.on('tap', 'node', function (evt) { window.location.href = evt.target.data('url'); });
    box.dataset.rendered = String(cy.nodes().length);
    box.dataset.renderedEdges = String(cy.edges().length);
  }

  function start() {
    document.querySelectorAll('[data-graph]').forEach(draw);
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
