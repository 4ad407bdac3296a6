// OpenProvince service worker {{ version }}: keeps the shell for offline use.
const CACHE = "op-shell-{{ version }}";
const OFFLINE = "{{ offline_url }}";
const ASSETS = {{ assets_json|safe }};
self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll([OFFLINE, ...ASSETS])).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k.startsWith("op-") && k !== CACHE).map((k) => caches.delete(k))
  )).then(() => self.clients.claim()));
});
self.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET" || new URL(req.url).origin !== location.origin) return;
  if (req.mode === "navigate") {
    // Network first; a page seen before comes from the cache; otherwise the offline page.
    e.respondWith(fetch(req).then((res) => {
      const cc = res.headers.get("Cache-Control") || "";
      if (res.ok && !cc.includes("no-store") && !req.url.includes("/office/") && !req.url.includes("/admin/")) {
        const copy = res.clone();
        caches.open(CACHE).then((c) => {
          c.put(req, copy);
          // Keep the offline page in the language the person uses now.
          c.match(OFFLINE).then((hit) => {
            if (!hit || hit.headers.get("Content-Language") !== res.headers.get("Content-Language")) c.add(OFFLINE);
          });
        });
      }
      return res;
    }).catch(() => caches.match(req).then((hit) => hit || caches.match(OFFLINE))));
    return;
  }
  if (req.url.includes("/static/")) {
    e.respondWith(caches.match(req).then((hit) => hit || fetch(req).then((res) => {
      if (res.ok) { const copy = res.clone(); caches.open(CACHE).then((c) => c.put(req, copy)); }
      return res;
    })));
  }
});
// Web Push (notifications/channels/webpush.py): the payload is {"title", "body", "link", "tag"}.
self.addEventListener("push", (e) => {
  let data = {};
  try { data = e.data ? e.data.json() : {}; } catch (err) { data = {}; }
  // A push must always show something (userVisibleOnly); the tag makes a repeat replace it.
  e.waitUntil(self.registration.showNotification(data.title || location.hostname, {
    body: data.body || "",
    tag: data.tag || undefined,
    icon: ASSETS.find((a) => a.includes("icon-192")),
    data: { link: data.link || "/notifications/" },
  }));
});
self.addEventListener("notificationclick", (e) => {
  e.notification.close();
  let url = new URL((e.notification.data && e.notification.data.link) || "/notifications/", location.origin);
  if (url.protocol !== "https:" && url.protocol !== "http:") url = new URL("/notifications/", location.origin);
  e.waitUntil(clients.matchAll({ type: "window", includeUncontrolled: true }).then((list) => {
    const open = list.find((c) => c.url === url.href && "focus" in c);
    return open ? open.focus() : clients.openWindow(url.href);
  }));
});
