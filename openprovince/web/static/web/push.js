// "Notify me on this phone" on /notifications/ (Web Push). Loaded on that page only. Without
// JavaScript, a service worker or the Push API the toggle stays hidden and the page works as is.
(function () {
  var box = document.getElementById("push");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return;
  var button = box.querySelector("button");
  var status = box.querySelector("[role=status]");
  var d = box.dataset;
  var csrf = box.querySelector("[name=csrfmiddlewaretoken]").value;

  function key() {
    var b64 = d.key.replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(b64 + "===".slice((b64.length + 3) % 4));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }
  function sameKey(sub) {
    var k = sub.options && sub.options.applicationServerKey;
    if (!k) return true; // older browsers do not say; assume ours
    var a = new Uint8Array(k), b = key();
    return a.length === b.length && a.every(function (x, i) { return x === b[i]; });
  }
  function send(method, body) {
    return fetch(d.url, {
      method: method, credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
    });
  }
  function show(on, message) {
    button.textContent = on ? d.unsubscribe : d.subscribe;
    button.dataset.on = on ? "1" : "";
    button.disabled = false;
    status.textContent = message || "";
  }
  function denied() {
    button.hidden = true;
    status.textContent = d.denied;
  }

  navigator.serviceWorker.ready.then(function (reg) {
    return reg.pushManager.getSubscription().then(function (sub) {
      box.hidden = false;
      if (Notification.permission === "denied") return denied();
      // Subscribed here, and the server still has a browser of this person's (it drops expired ones).
      show(!!sub && sameKey(sub) && d.devices !== "0");
      button.addEventListener("click", function () {
        button.disabled = true;
        (button.dataset.on ? off(reg) : on(reg)).catch(function () { show(!!button.dataset.on, d.failed); });
      });
    });
  }).catch(function () {});

  // Ask for permission only now, after the person tapped the button.
  async function on(reg) {
    var answer = await Notification.requestPermission();
    if (answer === "denied") return denied();
    if (answer !== "granted") return show(false); // dismissed: ask again on the next tap
    var old = await reg.pushManager.getSubscription();
    if (old && !sameKey(old)) await old.unsubscribe(); // the site's keys changed
    var sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key() });
    var res = await send("POST", sub.toJSON());
    if (res.status !== 201) {
      await sub.unsubscribe();
      return show(false, d.failed);
    }
    show(true);
  }
  async function off(reg) {
    var sub = await reg.pushManager.getSubscription();
    if (sub) {
      await send("DELETE", { endpoint: sub.endpoint }).catch(function () {});
      await sub.unsubscribe();
    }
    show(false);
  }
})();
