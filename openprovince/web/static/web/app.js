// Progressive enhancement only: every page works without this file.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  });
}
// Forms kept on the phone while offline (web/outbox.js): loaded only where it has work to do.
(function () {
  var box = document.getElementById("outbox");
  var needed = document.querySelector("form[data-outbox]");
  try { needed = needed || localStorage.getItem("op-outbox"); } catch (e) { /* storage off */ }
  if (!box || !needed) return;
  var s = document.createElement("script");
  s.src = box.dataset.src;
  document.head.appendChild(s);
})();
