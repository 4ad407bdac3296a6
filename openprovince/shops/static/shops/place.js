// The shop's place, enhanced: "use my location" fills the coordinates. Without this file the
// owner types them or chooses the commune/ward.
(function () {
  var geo = document.querySelector("[data-geo]");
  if (!geo || !("geolocation" in navigator)) return;
  var lat = document.getElementById("lat"), lng = document.getElementById("lng");
  var status = geo.querySelector("[data-geo-status]");
  geo.hidden = false;
  geo.querySelector("[data-locate]").addEventListener("click", function () {
    status.textContent = "…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      lat.value = pos.coords.latitude.toFixed(6);
      lng.value = pos.coords.longitude.toFixed(6);
      status.textContent = "✓";
    }, function () { status.textContent = "✗"; }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
