// Draws the network graph of a network or entity page with cytoscape.js. The server lays the
// graph out (node positions in #graph-data), so drawing does not wait on a force layout in the
// page. Incident nodes start collapsed: entities named in the same incident are joined
// directly, and a checkbox shows the incidents themselves. Selecting an entity fetches the
// graph around it, laid out by the server around it, and adds what is new.
(function () {
  'use strict';
  var COLOURS = {
    person: '#1f5fa8', phone: '#2e8540', email: '#2e8540', social_handle: '#2e8540',
    document: '#7a4fb3', vessel: '#10263f', bank_account: '#b36b00', vehicle: '#555555',
    incident: '#8a96a3'
  };
  // Labels are drawn at this size on screen whatever the zoom; small nodes' labels only once
  // the graph is zoomed in far enough for them not to overlap.
  var LABEL_PX = 12;
  var MAJOR = 12;

  function elements(graph, offset) {
    var out = [];
    var dx = offset ? offset.x : 0;
    var dy = offset ? offset.y : 0;
    graph.nodes.forEach(function (n) {
      out.push({ group: 'nodes', position: { x: (n.x || 0) + dx, y: (n.y || 0) + dy }, data: {
        id: n.id, type: n.type, label: n.label, incidents: n.incidents,
        betweenness: n.betweenness, owner: n.owner || ''
      } });
    });
    graph.edges.forEach(function (e) {
      out.push({ group: 'edges', data: { id: e.source + '|' + e.target, source: e.source, target: e.target } });
    });
    return out;
  }

  // Edges between entities that share an incident: what the graph shows with incidents collapsed.
  function coEdges(cy) {
    var fresh = [];
    cy.nodes('[type = "incident"]').forEach(function (inc) {
      var ents = inc.neighborhood('node').filter(function (n) { return n.data('type') !== 'incident'; });
      for (var i = 0; i < ents.length; i++) {
        for (var j = i + 1; j < ents.length; j++) {
          var a = ents[i].id(), b = ents[j].id();
          var id = 'co|' + (a < b ? a + '|' + b : b + '|' + a);
          if (cy.getElementById(id).empty() && !fresh.some(function (f) { return f.data.id === id; })) {
            fresh.push({ group: 'edges', classes: 'co', data: { id: id, source: a, target: b } });
          }
        }
      }
    });
    return fresh;
  }

  function text(el, s) { el.textContent = s; }

  function start() {
    var began = performance.now();
    var box = document.getElementById('graph');
    var data = document.getElementById('graph-data');
    var status = document.getElementById('graph-status');
    var info = document.getElementById('graph-info');
    var showIncidents = document.getElementById('graph-incidents');
    if (!box || !data || typeof cytoscape !== 'function') { return; }
    var graph;
    try { graph = JSON.parse(data.textContent); } catch (e) { text(status, 'The graph could not be read.'); return; }
    var size = function (n) { return 12 + 40 * Math.sqrt(n.data('betweenness') || 0) + Math.min(n.data('incidents') || 1, 20); };
    var cy = cytoscape({
      container: box,
      elements: elements(graph),
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 6,
      style: [
        { selector: 'node', style: {
          'background-color': function (n) { return COLOURS[n.data('type')] || '#888'; },
          'label': '', 'font-size': LABEL_PX, 'color': '#1c2733',
          'text-valign': 'bottom', 'text-margin-y': 3, 'text-max-width': 160, 'text-wrap': 'ellipsis',
          'text-background-color': '#fbfcfd', 'text-background-opacity': 0.85, 'text-background-padding': 1,
          'min-zoomed-font-size': 10,
          'width': size, 'height': size
        } },
        { selector: 'node.labelled', style: { 'label': 'data(label)' } },
        { selector: 'node.major', style: { 'label': 'data(label)', 'font-weight': 'bold', 'min-zoomed-font-size': 0, 'z-index': 10 } },
        { selector: 'node[type = "incident"]', style: { 'shape': 'round-rectangle', 'width': 10, 'height': 10 } },
        { selector: 'node[type = "incident"].labelled', style: { 'label': 'data(owner)' } },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#e07b00', 'label': 'data(label)' } },
        { selector: 'edge', style: { 'width': 1, 'line-color': '#aab4bf', 'curve-style': 'haystack' } },
        { selector: 'edge.co', style: { 'line-color': '#7d8b99', 'opacity': 0.6 } },
        { selector: '.hidden', style: { 'display': 'none' } }
      ],
      layout: { name: 'preset', fit: true, padding: 24 }
    });
    box.cy = cy;

    // The most central entities keep their labels at every zoom, at a readable size on screen.
    function markMajor() {
      cy.nodes('.major').removeClass('major');
      cy.nodes().filter(function (n) { return n.data('type') !== 'incident'; })
        .sort(function (a, b) { return (b.data('betweenness') - a.data('betweenness')) || (b.data('incidents') - a.data('incidents')); })
        .slice(0, MAJOR).addClass('major');
      cy.nodes().addClass('labelled');
    }
    function scaleLabels() {
      var z = cy.zoom();
      cy.nodes('.major').style('font-size', Math.max(LABEL_PX / z, 4));
    }

    function collapse() {
      var on = showIncidents && showIncidents.checked;
      cy.batch(function () {
        if (!on) { cy.add(coEdges(cy)); }
        cy.nodes('[type = "incident"]').toggleClass('hidden', !on);
        cy.edges('.co').toggleClass('hidden', on);
      });
    }

    markMajor();
    collapse();
    cy.fit(cy.nodes(':visible'), 24);
    scaleLabels();
    cy.on('zoom', scaleLabels);
    if (showIncidents) { showIncidents.addEventListener('change', function () { collapse(); }); }
    var fit = document.getElementById('graph-fit');
    if (fit) { fit.addEventListener('click', function () { cy.fit(cy.nodes(':visible'), 24); }); }
    var png = document.getElementById('graph-png');
    if (png) {
      png.addEventListener('click', function () {
        var blob = cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
        var a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = (box.getAttribute('data-name') || 'network') + '.png';
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      });
    }

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
          // The server laid the neighbourhood out around the entity: place it where the entity is.
          var here = node.position();
          var centre = g.nodes.filter(function (n) { return n.id === node.id(); })[0] || { x: 0, y: 0 };
          var fresh = elements(g, { x: here.x - centre.x, y: here.y - centre.y })
            .filter(function (el) { return cy.getElementById(el.data.id).empty(); });
          cy.add(fresh);
          markMajor();
          collapse();
          scaleLabels();
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
    var entities = cy.nodes().filter(function (n) { return n.data('type') !== 'incident'; }).length;
    text(status, status.textContent + ' ' + entities + ' entities and ' + (cy.nodes().length - entities) + ' incidents drawn.');
    box.setAttribute('data-drawn', String(cy.nodes().length));
    // Reachable for scripted checks: when the graph became interactive, in ms after the script ran.
    box.setAttribute('data-ready-ms', String(Math.round(performance.now() - began)));
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
}());
