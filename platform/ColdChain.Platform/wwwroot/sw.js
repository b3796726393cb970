// ColdChain service worker: the driver page and its files stay available offline. Pages are fetched from the
// network first (fresh data wins) and fall back to the last copy; the page script then shows how old it is.
// Static files are served from the cache and refreshed in the background. APIs and the hub are never cached.
const CACHE = 'coldchain-v1';
const SHELL = [
  '/driver', '/css/site.css', '/js/live.js', '/js/tiles.js', '/js/alarm-list.js', '/js/driver.js',
  '/lib/signalr/signalr.min.js', '/icons/status.svg', '/icons/coldchain.svg', '/icons/coldchain-192.png', '/manifest.webmanifest',
];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => Promise.all(SHELL.map(url => cache.add(url).catch(() => undefined)))).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys().then(keys => Promise.all(keys.filter(k => k !== CACHE).map(k => caches.delete(k)))).then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/hubs/')) return;
  if (request.mode === 'navigate') {
    if (url.pathname !== '/driver') return;
    event.respondWith(fetch(request).then(response => {
      // A redirect to the login page is not the driver page: keep the last good copy.
      if (response.ok && !response.redirected) caches.open(CACHE).then(cache => cache.put('/driver', response.clone()));
      return response;
    }).catch(() => caches.match('/driver').then(cached => cached ?? Response.error())));
    return;
  }
  event.respondWith(caches.match(request).then(cached => {
    const fresh = fetch(request).then(response => {
      if (response.ok) caches.open(CACHE).then(cache => cache.put(request, response.clone()));
      return response;
    });
    return cached ?? fresh;
  }));
});
