// Offline outbox. A form marked `data-outbox` that is sent while the phone is offline is kept on
// the phone (IndexedDB, photos included) and sent by itself when the network returns, with the
// idempotency key it was given, so a retry never files it twice. Until then the person sees
// "waiting to send" on every page (#outbox in base.html carries the words).
// Without IndexedDB, or without JavaScript, the form is simply posted as usual.
(function () {
  if (!("indexedDB" in window) || !window.fetch || !window.FormData) return;
  var FLAG = "op-outbox", STORE = "items";
  var box = document.getElementById("outbox");
  var sending = false;

  function open() {
    return new Promise(function (ok, no) {
      var req = indexedDB.open("op-outbox", 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "key" }); };
      req.onsuccess = function () { ok(req.result); };
      req.onerror = function () { no(req.error); };
    });
  }
  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (ok, no) {
        var t = db.transaction(STORE, mode), req = work(t.objectStore(STORE));
        t.oncomplete = function () { ok(req && req.result); };
        t.onerror = t.onabort = function () { no(t.error); };
      });
    });
  }
  function all() { return run("readonly", function (s) { return s.getAll(); }); }
  function save(item) { return run("readwrite", function (s) { return s.put(item); }); }
  function drop(key) { return run("readwrite", function (s) { return s.delete(key); }); }

  function cookie(name) {
    var m = document.cookie.match("(?:^|; )" + name + "=([^;]*)");
    return m ? decodeURIComponent(m[1]) : "";
  }
  function freshKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function say(template, n) { return template.replace("{n}", n); }

  function show(items, done) {
    if (!box) return;
    box.textContent = "";
    var d = box.dataset, waiting = items.filter(function (i) { return !i.error; });
    if (waiting.length) {
      var p = document.createElement("p");
      p.textContent = say(d.waiting, waiting.length);
      var send = document.createElement("button");
      send.type = "button"; send.className = "btn alt small"; send.textContent = d.send;
      send.addEventListener("click", flush);
      p.appendChild(document.createTextNode(" ")); p.appendChild(send);
      box.appendChild(p);
    }
    items.filter(function (i) { return i.error; }).forEach(function (item) {
      var p = document.createElement("p");
      p.textContent = d.failed + " " + item.error + " ";
      var remove = document.createElement("button");
      remove.type = "button"; remove.className = "btn alt small"; remove.textContent = d.remove;
      remove.addEventListener("click", function () { drop(item.key).then(refresh); });
      p.appendChild(remove);
      box.appendChild(p);
    });
    if (done) {
      var ok = document.createElement("p"), link = document.createElement("a");
      ok.textContent = d.sent + " "; link.href = done; link.textContent = d.open;
      ok.appendChild(link); box.appendChild(ok);
    }
    box.className = items.some(function (i) { return i.error; }) ? "notice bad" : "notice";
    box.hidden = !box.firstChild;
    if (items.length) localStorage.setItem(FLAG, "1"); else localStorage.removeItem(FLAG);
  }
  function refresh(done) { return all().then(function (items) { show(items, done); }); }

  // What the server said, in the words of the page it answered with.
  function reason(res) {
    return res.text().then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var alert = doc.querySelector("[role=alert]");
      return (alert ? alert.textContent : res.statusText || String(res.status)).replace(/\s+/g, " ").trim();
    });
  }

  function sendOne(item) {
    var body = new FormData();
    item.fields.forEach(function (f) {
      if (f[0] === "csrfmiddlewaretoken") return; // the cookie's token is sent instead
      if (f[2] !== undefined) body.append(f[0], f[1], f[2]); else body.append(f[0], f[1]);
    });
    return fetch(item.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": cookie("csrftoken"), "Idempotency-Key": item.key },
    }).then(function (res) {
      if (res.ok) return drop(item.key).then(function () { return res.url; });
      // Busy, throttled or a server fault: keep it and try again later.
      if (res.status === 409 || res.status === 429 || res.status >= 500) return null;
      return reason(res).then(function (text) { item.error = text; return save(item); }).then(function () { return null; });
    });
  }

  function flush() {
    if (sending || navigator.onLine === false) return Promise.resolve();
    sending = true;
    var landed = null;
    return all().then(function (items) {
      return items.filter(function (i) { return !i.error; }).reduce(function (chain, item) {
        return chain.then(function () { return sendOne(item); }).then(function (url) { landed = url || landed; });
      }, Promise.resolve());
    }).catch(function () { /* still offline: the items stay */ })
      .then(function () { sending = false; return refresh(landed); });
  }

  function queue(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (value instanceof File) {
        if (value.size) fields.push([name, value, value.name]);
      } else fields.push([name, value]);
    });
    var keyField = form.querySelector("[name=idempotency_key]");
    var item = {
      key: (keyField && keyField.value) || freshKey(),
      url: form.getAttribute("action") || location.pathname,
      fields: fields,
      at: new Date().toISOString(),
    };
    return save(item).then(function () {
      form.reset();
      if (keyField) keyField.value = freshKey(); // the next report is a new one
      return refresh();
    }).then(function () { if (box) { box.scrollIntoView(); box.focus(); } });
  }

  document.querySelectorAll("form[data-outbox]").forEach(function (form) {
    // A page served from the phone's cache carries the key of an earlier visit: one key per page shown.
    var keyField = form.querySelector("[name=idempotency_key]");
    if (keyField) keyField.value = freshKey();
    form.addEventListener("submit", function (e) {
      if (navigator.onLine !== false) return; // online: the usual post, the server answers
      e.preventDefault();
      queue(form).catch(function () { form.submit(); });
    });
  });
  window.addEventListener("online", flush);
  refresh().then(flush);
})();
