// The maritime map: the bundled coastline as the only base layer (no tile server), latest
// vessel positions, detected events and corridors from the JSON API (same-origin, session
// cookie). A click on a vessel draws its track of the last week. No inline HTML with styles:
// popups are built from DOM nodes, colours are SVG attributes set by Leaflet.
/* global L */
(function () {
  'use strict';

  var KINDS = {
    ais_gap: { label: 'going dark', colour: '#b3261e' },
    encounter: { label: 'encounter', colour: '#e07b00' },
    loitering: { label: 'loitering', colour: '#6b5b95' },
    corridor_entry: { label: 'corridor entry', colour: '#0a8a8a' }
  };
  var WEEK_MS = 7 * 24 * 3600 * 1000;

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
        return r.json();
      });
  }

  function facts(title, pairs) {
    var box = document.createElement('div');
    var h = document.createElement('p');
    h.className = 'popup-title';
    h.textContent = title;
    box.appendChild(h);
    var dl = document.createElement('dl');
    dl.className = 'popup-facts';
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === '') { return; }
      var dt = document.createElement('dt');
      dt.textContent = p[0];
      var dd = document.createElement('dd');
      dd.textContent = String(p[1]);
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    box.appendChild(dl);
    return box;
  }

  function utc(seconds) {
    return new Date(seconds * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  function hours(s) {
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    return h + ' h ' + (m < 10 ? '0' : '') + m + ' min';
  }

  function start() {
    var el = document.getElementById('map');
    var status = document.getElementById('map-status');
    if (!el || typeof L === 'undefined') { return; }
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.5, worldCopyJump: false });
    L.control.attribution({ prefix: 'Leaflet' })
      .addAttribution('Coastline: Natural Earth (public domain)')
      .addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    map.fitBounds([[-20, 85], [22, 135]]);

    var coast = L.layerGroup().addTo(map);
    var corridors = L.layerGroup().addTo(map);
    var tracks = L.layerGroup().addTo(map);
    var events = L.layerGroup().addTo(map);
    var vessels = L.layerGroup().addTo(map);
    var bounds = L.latLngBounds([]);
    var counts = { vessels: 0, events: 0, corridors: 0 };
    var problems = [];

    function report() {
      var text = counts.vessels + ' vessels, ' + counts.events + ' events, ' +
        counts.corridors + ' corridors on the map.';
      if (problems.length) { text += ' Not loaded: ' + problems.join('; ') + '.'; }
      status.textContent = text;
    }

    function showTrack(mmsi, lastT, name) {
      var to = new Date(lastT * 1000 + 60000);
      var from = new Date(to.getTime() - WEEK_MS);
      var url = '/api/v1/vessels/' + mmsi + '/track?limit=100000&from=' +
        encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(to.toISOString());
      getJson(url).then(function (t) {
        tracks.clearLayers();
        var pts = t.positions.map(function (p) { return [p.lat, p.lon]; });
        if (pts.length < 2) { return; }
        L.polyline(pts, { color: '#10263f', weight: 2, dashArray: '4 4', className: 'track' })
          .bindTooltip('Track of ' + name + ' (' + pts.length + ' positions)')
          .addTo(tracks);
        el.setAttribute('data-track', String(mmsi));
        status.textContent = 'Track of ' + name + ': ' + pts.length + ' positions since ' +
          utc(t.positions[0].t) + '.';
      }).catch(function (e) { status.textContent = 'Track not loaded: ' + e.message; });
    }

    // An event's vessel track from half a day before to half a day after it, zoomed to it: the
    // part with no positions (a going-dark gap) drawn as a red dashed segment of its own.
    function showEventTrack(mmsi, start, end, kind) {
      var t0 = Date.parse(start), t1 = Date.parse(end);
      if (isNaN(t0) || isNaN(t1)) { return; }
      var from = new Date(t0 - 12 * 3600 * 1000), to = new Date(t1 + 12 * 3600 * 1000);
      var url = '/api/v1/vessels/' + encodeURIComponent(mmsi) + '/track?limit=100000&from=' +
        encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(to.toISOString());
      status.textContent = 'Loading the track of ' + mmsi + '…';
      getJson(url).then(function (t) {
        tracks.clearLayers();
        var before = [], after = [], all = [];
        t.positions.forEach(function (p) {
          var ms = p.t * 1000;
          var ll = [p.lat, p.lon];
          all.push(ll);
          if (ms <= t0) { before.push(ll); } else if (ms >= t1) { after.push(ll); } else { before.push(ll); }
        });
        if (all.length < 1) { status.textContent = 'No positions of ' + mmsi + ' around the event.'; return; }
        [before, after].forEach(function (pts) {
          if (pts.length > 1) {
            L.polyline(pts, { color: '#10263f', weight: 3, className: 'track' }).addTo(tracks);
          }
        });
        var gapHours = (t1 - t0) / 3600000;
        if (kind === 'ais_gap' && before.length && after.length) {
          L.polyline([before[before.length - 1], after[0]], {
            color: '#c0392b', weight: 4, dashArray: '8 6', className: 'track-gap'
          }).bindTooltip('No AIS for ' + gapHours.toFixed(1) + ' h').addTo(tracks);
        }
        map.fitBounds(L.latLngBounds(all).pad(0.2), { maxZoom: 11 });
        el.setAttribute('data-track', String(mmsi));
        status.textContent = 'Track of ' + mmsi + ' around the event: ' + all.length +
          ' positions' + (kind === 'ais_gap' ? '; the gap of ' + gapHours.toFixed(1) + ' h is the red dashed line.' : '.');
      }).catch(function (e) { status.textContent = 'Track not loaded: ' + e.message; });
    }

    Array.prototype.forEach.call(document.querySelectorAll('button.ev-track'), function (b) {
      b.addEventListener('click', function () {
        el.scrollIntoView({ block: 'start' });
        showEventTrack(b.dataset.mmsi, b.dataset.start, b.dataset.end, b.dataset.kind);
      });
    });

    var loads = [];

    loads.push(getJson(el.dataset.coastline).then(function (g) {
      L.geoJSON(g, { interactive: false, style: { color: '#5a6675', weight: 1, opacity: 0.9 } })
        .addTo(coast);
    }).catch(function (e) { problems.push('coastline (' + e.message + ')'); }));

    loads.push(getJson(el.dataset.corridors).then(function (d) {
      d.items.forEach(function (c) {
        L.geoJSON(c.geometry, {
          style: { color: '#0b5cad', weight: 2, fillOpacity: 0.15, className: 'corridor' }
        }).bindPopup(facts(c.name, [['Owner', c.owner], ['Agency', c.agency]])).addTo(corridors);
        counts.corridors += 1;
      });
    }).catch(function (e) { problems.push('corridors (' + e.message + ')'); }));

    loads.push(getJson(el.dataset.events).then(function (d) {
      d.items.forEach(function (e) {
        var k = KINDS[e.kind] || { label: e.kind, colour: '#333' };
        var who = e.other_mmsi ? e.mmsi + ' & ' + e.other_mmsi : e.mmsi;
        L.circleMarker([e.lat, e.lon], {
          radius: 8, color: '#fff', weight: 2, fillColor: k.colour, fillOpacity: 0.9,
          className: 'event ev-' + e.kind
        }).bindPopup(facts(k.label, [
          ['MMSI', who], ['Start', e.start], ['End', e.end], ['Duration', hours(e.duration_s)],
          ['From shore', e.distance_from_shore_nm.toFixed(1) + ' nm'], ['Detected by', e.owner]
        ])).on('click', function () { showEventTrack(e.mmsi, e.start, e.end, e.kind); })
          .addTo(events);
        bounds.extend([e.lat, e.lon]);
        counts.events += 1;
      });
    }).catch(function (e) { problems.push('events (' + e.message + ')'); }));

    loads.push(getJson(el.dataset.vessels).then(function (d) {
      d.items.forEach(function (v) {
        if (!v.last) { return; }
        var p = v.last;
        var name = v.name || 'MMSI ' + v.mmsi;
        var m = L.circleMarker([p.lat, p.lon], {
          radius: 5, color: '#fff', weight: 1, fillColor: '#10263f', fillOpacity: 1,
          className: 'vessel'
        }).bindPopup(facts(name, [
          ['MMSI', v.mmsi], ['Call sign', v.callsign],
          ['Speed', p.sog === undefined ? '' : p.sog.toFixed(1) + ' kn'],
          ['Course', p.cog === undefined ? '' : p.cog.toFixed(0) + '°'],
          ['Heard', utc(p.t)]
        ])).bindTooltip(name);
        m.on('click', function () { showTrack(v.mmsi, p.t, name); });
        m.addTo(vessels);
        bounds.extend([p.lat, p.lon]);
        counts.vessels += 1;
      });
    }).catch(function (e) { problems.push('vessels (' + e.message + ')'); }));

    var focusSar = new URLSearchParams(window.location.search).get('sar');
    var sarMarker = null;
    if (el.dataset.sar) {
      loads.push(getJson(el.dataset.sar).then(function (d) {
        d.items.forEach(function (r) {
          var link = document.createElement('a');
          link.href = '/sar/' + encodeURIComponent(r.id);
          link.textContent = 'Open the rescue';
          var box = facts('Search and rescue', [
            ['When', r.occurred_at], ['Region', r.country], ['Rescued', String(r.rescued)],
            ['Dead', String(r.dead)], ['Missing', String(r.missing)], ['Responded', r.responding_agency]
          ]);
          box.appendChild(link);
          var m = L.circleMarker([r.lat, r.lon], {
            radius: 7, color: '#fff', weight: 2, fillColor: '#d35400', fillOpacity: 0.95,
            className: 'sar'
          }).bindPopup(box).addTo(events);
          if (r.id === focusSar) { sarMarker = m; }
          counts.sar = (counts.sar || 0) + 1;
        });
      }).catch(function (e) { problems.push('rescues (' + e.message + ')'); }));
    }

    Promise.all(loads).then(function () {
      if (bounds.isValid()) { map.fitBounds(bounds.pad(0.15), { maxZoom: 7 }); }
      report();
      if (sarMarker) { map.setView(sarMarker.getLatLng(), 9); sarMarker.openPopup(); }
      el.setAttribute('data-drawn', String(counts.vessels));
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
