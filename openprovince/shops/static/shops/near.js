// "Near me" on the directory: the phone's location becomes ?lat=&lng= and the page lists the
// nearest shops. Hidden without geolocation; the server does the rest.
(function () {
  var box = document.querySelector("[data-near]");
  if (!box || !("geolocation" in navigator)) return;
  var status = box.querySelector("[data-near-status]");
  box.hidden = false;
  box.querySelector("button").addEventListener("click", function () {
    status.textContent = "…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      var url = new URL(window.location.href);
      url.searchParams.set("lat", pos.coords.latitude.toFixed(5));
      url.searchParams.set("lng", pos.coords.longitude.toFixed(5));
      window.location.assign(url.toString());
    }, function () { status.textContent = box.dataset.failed || "✗"; },
    { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
  });
})();
