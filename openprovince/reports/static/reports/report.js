// The report form, enhanced: one step at a time, "use my location", and similar reports
// nearby as soon as the place and the kind are known. Without this file the form still works.
(function () {
  var form = document.querySelector("[data-steps]");
  if (!form) return;
  var lat = form.querySelector("#lat"), lng = form.querySelector("#lng");
  var geo = form.querySelector("[data-geo]");
  if (geo && "geolocation" in navigator) {
    geo.hidden = false;
    var status = geo.querySelector("[data-geo-status]");
    geo.querySelector("[data-locate]").addEventListener("click", function () {
      status.textContent = "…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lng.value = pos.coords.longitude.toFixed(6);
        status.textContent = "✓";
        checkNearby();
      }, function () { status.textContent = "✗"; }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }
  function checkNearby() {
    var cat = form.querySelector("input[name=category]:checked");
    var box = form.querySelector("[data-nearby]");
    if (!cat || !lat.value || !lng.value || !box) return;
    var url = "/reports/nearby?category=" + encodeURIComponent(cat.value) +
      "&lat=" + encodeURIComponent(lat.value) + "&lng=" + encodeURIComponent(lng.value);
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.text(); })
      .then(function (html) { box.innerHTML = html; }).catch(function () {});
  }
  form.addEventListener("change", function (e) {
    if (e.target.name === "category" || e.target.name === "lat" || e.target.name === "lng") checkNearby();
  });
})();
