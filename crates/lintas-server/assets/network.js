// Draws the network graph of a network or entity page with cytoscape.js: the page embeds the
// first graph as JSON (#graph-data); selecting an entity fetches the graph around it from the
// API and adds what is new, so the analyst expands the network step by step.
(function () {
  'use strict';
  var COLOURS = {
    person: '#1f5fa8', phone: '#2e8540', email: '#2e8540', social_handle: '#2e8540',
    document: '#7a4fb3', vessel: '#10263f', bank_account: '#b36b00', vehicle: '#555555',
    incident: '#c5ccd3'
  };

  function elements(graph) {
    var out = [];
    graph.nodes.forEach(function (n) {
      out.push({ group: 'nodes', data: {
        id: n.id, type: n.type, label: n.label, incidents: n.incidents,
        betweenness: n.betweenness, owner: n.owner || ''
      } });
    });
    graph.edges.forEach(function (e) {
      out.push({ group: 'edges', data: { id: e.source + '|' + e.target, source: e.source, target: e.target } });
    });
    return out;
  }

  function text(el, s) { el.textContent = s; }

  function start() {
    var box = document.getElementById('graph');
    var data = document.getElementById('graph-data');
    var status = document.getElementById('graph-status');
    var info = document.getElementById('graph-info');
    if (!box || !data || typeof cytoscape !== 'function') { return; }
    var graph;
    try { graph = JSON.parse(data.textContent); } catch (e) { text(status, 'The graph could not be read.'); return; }
    var cy = cytoscape({
      container: box,
      elements: elements(graph),
      wheelSensitivity: 0.3,
      style: [
        { selector: 'node', style: {
          'background-color': function (n) { return COLOURS[n.data('type')] || '#888'; },
          'label': 'data(label)', 'font-size': 9, 'color': '#1c2733',
          'text-valign': 'bottom', 'text-margin-y': 2, 'text-max-width': 120, 'text-wrap': 'ellipsis',
          'width': function (n) { return 10 + 40 * Math.sqrt(n.data('betweenness') || 0) + Math.min(n.data('incidents') || 1, 20); },
          'height': function (n) { return 10 + 40 * Math.sqrt(n.data('betweenness') || 0) + Math.min(n.data('incidents') || 1, 20); }
        } },
        { selector: 'node[type = "incident"]', style: { 'shape': 'round-rectangle', 'label': 'data(owner)', 'width': 10, 'height': 10 } },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#e07b00' } },
        { selector: 'edge', style: { 'width': 1, 'line-color': '#aab4bf', 'curve-style': 'haystack' } }
      ],
      layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 60 }
    });
    box.setAttribute('data-drawn', String(cy.nodes().length));
    // Reachable for scripted checks (the browser test taps nodes through it).
    box.cy = cy;

    function describe(node) {
      info.replaceChildren();
      var a = document.createElement('a');
      if (node.data('type') === 'incident') {
        a.href = '/incidents/' + encodeURIComponent(node.id());
        text(a, 'Open incident ' + node.data('label'));
      } else {
        a.href = '/entities/' + encodeURIComponent(node.id());
        text(a, 'Open ' + node.data('label') + ' (' + node.data('type') + ', ' + node.data('incidents') + ' incidents)');
      }
      info.appendChild(a);
    }

    function expand(node) {
      var url = box.getAttribute('data-expand') + encodeURIComponent(node.id()) + '/graph?depth=1&max_nodes=120';
      text(status, 'Expanding ' + node.data('label') + '…');
      fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (g) {
          var fresh = elements(g).filter(function (el) { return cy.getElementById(el.data.id).empty(); });
          cy.add(fresh);
          cy.layout({ name: 'cose', animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 60 }).run();
          box.setAttribute('data-drawn', String(cy.nodes().length));
          text(status, fresh.length ? 'Added ' + fresh.filter(function (e) { return e.group === 'nodes'; }).length + ' nodes around ' + node.data('label') + '.' : node.data('label') + ' has nothing more to show.');
        })
        .catch(function (e) { text(status, 'Could not expand (' + e.message + ').'); });
    }

    cy.on('tap', 'node', function (ev) {
      describe(ev.target);
      if (ev.target.data('type') !== 'incident') { expand(ev.target); }
    });
    var first = box.getAttribute('data-start');
    if (first && !cy.getElementById(first).empty()) { cy.getElementById(first).select(); }
    text(status, status.textContent + ' ' + cy.nodes().length + ' nodes drawn.');
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
}());
