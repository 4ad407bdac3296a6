// The map of reports: Leaflet with clustered markers (loaded on /reports/map only). Without
// this file, or if Leaflet fails to load, the page still lists the same reports below.
(function () {
  "use strict";
  var L = window.L, el = document.getElementById("map");
  if (!el || !L || !L.markerClusterGroup || !window.fetch) return;
  var text = JSON.parse(document.getElementById("map-text").textContent);
  var status = document.querySelector("[data-map-status]");
  var MAX = 1.99; // degrees each way: the server answers boxes of at most 2° × 2°
  var names = {}, shown = {}, loaded = null, truncated = false, timer = 0, pending = null;
  var options = document.querySelectorAll("#f-cat option");
  for (var i = 0; i < options.length; i++) {
    if (options[i].value) names[options[i].value] = options[i].textContent;
  }
  el.hidden = false;
  document.querySelector("[data-map-note]").hidden = true;
  document.querySelector("[data-map-legend]").hidden = false;

  var map = L.map(el, { zoomControl: false, minZoom: 5 });
  L.control.zoom({ zoomInTitle: text.zoom_in, zoomOutTitle: text.zoom_out }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);
  var box = (el.dataset.box || "").split(",").map(Number);
  if (box.length === 4 && box.every(isFinite)) {
    map.fitBounds([[box[0], box[1]], [box[2], box[3]]]);
  } else {
    map.setView([16, 106], 6);
  }
  var group = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    iconCreateFunction: function (cluster) {
      var n = cluster.getChildCount();
      return L.divIcon({
        className: "cluster",
        iconSize: [44, 44],
        html: '<span aria-hidden="true">' + n + '</span><span class="sr">' +
          esc(text.cluster.replace("{n}", n)) + "</span>"
      });
    }
  }).addTo(map);

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }
  function say(message) {
    if (status.textContent !== message) status.textContent = message;
  }
  function popup(r) {
    var div = document.createElement("div"), title = document.createElement("strong");
    var facts = document.createElement("p"), link = document.createElement("a");
    title.textContent = r.title;
    facts.textContent = (names[r.category] ? names[r.category] + " · " : "") + r.state_name;
    link.href = r.url;
    link.className = "btn small";
    link.textContent = text.see;
    div.appendChild(title);
    div.appendChild(facts);
    div.appendChild(link);
    return div;
  }
  function marker(r) {
    var m = L.marker([r.lat, r.lng], {
      icon: L.divIcon({
        className: "pin pin-" + (r.status === "closed" ? "closed" : "open"),
        iconSize: [36, 44],
        iconAnchor: [18, 42],
        popupAnchor: [0, -38],
        html: '<span class="sr">' + esc(r.title + " – " + r.state_name) + "</span>"
      }),
      riseOnHover: true
    });
    m.bindPopup(function () { return popup(r); }, {
      maxWidth: 230, autoPanPaddingTopLeft: [64, 12], autoPanPaddingBottomRight: [12, 12]
    });
    m.on("popupclose", function () { // keyboard users go back to the marker they opened
      var icon = m.getElement();
      if (icon && el.contains(document.activeElement)) icon.focus();
    });
    return m;
  }
  function show(list) { // add and remove by id, so an open popup survives a reload
    var keep = {}, add = [], drop = [];
    list.forEach(function (r) {
      keep[r.id] = true;
      if (!shown[r.id]) add.push(shown[r.id] = marker(r));
    });
    Object.keys(shown).forEach(function (id) {
      if (!keep[id]) { drop.push(shown[id]); delete shown[id]; }
    });
    if (drop.length) group.removeLayers(drop);
    if (add.length) group.addLayers(add);
  }
  function load() {
    var view = map.getBounds();
    if (loaded && !truncated && loaded.contains(view)) return;
    var c = view.getCenter();
    var h = Math.min((view.getNorth() - view.getSouth()) * 1.5, MAX) / 2;
    var w = Math.min((view.getEast() - view.getWest()) * 1.5, MAX) / 2;
    var s = Math.max(c.lat - h, -90), n = Math.min(c.lat + h, 90);
    var west = Math.max(c.lng - w, -180), east = Math.min(c.lng + w, 180);
    if (s >= n || west >= east) return;
    var wanted = L.latLngBounds([s, west], [n, east]), wide = !wanted.contains(view);
    if (pending) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    var url = el.dataset.url + "&south=" + s.toFixed(5) + "&west=" + west.toFixed(5) +
      "&north=" + n.toFixed(5) + "&east=" + east.toFixed(5);
    fetch(url, { credentials: "same-origin", signal: pending ? pending.signal : undefined })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        loaded = wanted;
        truncated = data.truncated;
        show(data.reports);
        say(truncated ? text.truncated : wide ? text.too_wide : data.reports.length ?
          text.count.replace("{n}", data.reports.length) : text.none);
      })
      .catch(function (err) { if (err.name !== "AbortError") say(text.failed); });
  }

  map.on("popupopen", function (e) {
    var box = e.popup.getElement(), close = box.querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", text.close); close.title = text.close; }
    var link = box.querySelector(".leaflet-popup-content a");
    if (link) link.focus();
  });
  el.addEventListener("keydown", function (e) { // Leaflet only listens while the map has focus
    if (e.key === "Escape") map.closePopup();
  });
  map.on("moveend", function () { clearTimeout(timer); timer = setTimeout(load, 250); });
  say(text.loading);
  load();
})();
