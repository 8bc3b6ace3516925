// The portal's service worker: keeps the attendance pages of the trainings a user opened
// (and the training pages with their participant lists) so they still open at a venue
// without signal. Hand-written rather than Workbox: two caches and three rules.
//
// Pages: network first, the cached copy only when the network fails, so an officer online
// always sees the server's state. Static files: the cached copy at once, refreshed behind it.
// The pages hold a user's data: signing out or in (a shared phone) empties the page cache.
// CONFIG (the logout and login URLs) is prepended by the view serving this file.
const PAGES = "kla-pages-v1";
const ASSETS = "kla-assets-v1";
const KEPT_PAGE = /^\/pelatihan\/\d+\/(kehadiran\/\d+\/)?$/;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

// The page asks for itself and what it needs to be kept: the worker was not yet in
// control when the page first loaded, so it never saw those requests go by.
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "keep") return;
  const reply = event.ports[0];
  event.waitUntil(
    keep(event.data.pages || [], event.data.assets || []).then(
      () => reply && reply.postMessage("kept"),
      () => reply && reply.postMessage("failed"),
    ),
  );
});

async function keep(pages, assets) {
  const pageCache = await caches.open(PAGES);
  const assetCache = await caches.open(ASSETS);
  await Promise.all([
    ...pages.map(async (url) => {
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok && !response.redirected) await pageCache.put(url, response);
    }),
    ...assets.map(async (url) => {
      if (!(await assetCache.match(url))) await assetCache.add(url);
    }),
  ]);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && (url.pathname === CONFIG.logout || url.pathname === CONFIG.login)) {
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate" && KEPT_PAGE.test(url.pathname)) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(cacheThenRefresh(request, event));
  }
});

async function networkFirst(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    // A redirect is the login page (session over): never keep it in place of the page.
    if (response.ok && !response.redirected) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw error;
  }
}

async function cacheThenRefresh(request, event) {
  const cache = await caches.open(ASSETS);
  const kept = await cache.match(request);
  const fresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => undefined));
    return kept;
  }
  return fresh;
}
