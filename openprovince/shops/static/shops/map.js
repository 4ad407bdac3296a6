// The map of certified shops: Leaflet with clustered pins (loaded on /shops/map only). The
// points come with the page; without this file, or without Leaflet, the list below stays.
(function () {
  "use strict";
  var L = window.L, el = document.getElementById("map");
  var data = document.getElementById("shop-points");
  if (!el || !data || !L || !L.markerClusterGroup) return;
  var points = JSON.parse(data.textContent);
  el.hidden = false;
  document.querySelector("[data-map-note]").hidden = true;
  var map = L.map(el, { minZoom: 5 });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);
  var box = (el.dataset.box || "").split(",").map(Number);
  if (box.length === 4 && box.every(isFinite)) {
    map.fitBounds([[box[0], box[1]], [box[2], box[3]]]);
  } else {
    map.setView([11.3, 106.1], 9);
  }
  var group = L.markerClusterGroup({ chunkedLoading: true });
  points.forEach(function (p) {
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name;
    var popup = document.createElement("div");
    popup.appendChild(link);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(p.kind));
    var marker = L.circleMarker([p.lat, p.lng], { radius: 8, color: "#004a99", fillOpacity: 0.8 });
    marker.bindPopup(popup);
    marker.options.title = p.name;
    group.addLayer(marker);
  });
  map.addLayer(group);
})();
