// Shared by the pages: localized words, ages, site-time formatting and the one SignalR connection to /hubs/live.
// Hub contract: "reading" {asset, sensor, quantity, value, unit, status, time}; "alarm" (an /api/alarms item);
// "gateway" {gateway, site, online, time}. The server puts the connection in the groups of the assets it may see.

const textsElement = document.getElementById('texts');
const texts = textsElement ? JSON.parse(textsElement.textContent) : {};
export const lang = document.documentElement.lang || 'en';

export function t(key, ...args) {
  const template = texts[key] ?? key;
  return template.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

export function age(ms) {
  const seconds = Math.max(0, ms / 1000);
  if (seconds < 5) return t('just now');
  if (seconds < 90) return t('{0} s ago', Math.floor(seconds));
  if (seconds < 5400) return t('{0} min ago', Math.round(seconds / 60));
  if (seconds < 172800) return t('{0} h ago', Math.round(seconds / 3600));
  return t('{0} d ago', Math.round(seconds / 86400));
}

const formats = new Map();
/**
 * An instant in a site's time zone with its offset, the same unambiguous shape in every language and as the server
 * writes it (Web/Format.cs): "2026-11-25 14:03:07 +08:00". Locale date orders (11/25/2026 vs 25/11/2026) mislead.
 */
export function inZone(ms, timeZone) {
  const zone = timeZone || 'UTC';
  let format = formats.get(zone);
  if (!format) {
    const options = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' };
    try {
      format = new Intl.DateTimeFormat('en-US', { ...options, timeZone: zone });
    } catch {
      format = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
    }
    formats.set(zone, format);
  }
  const p = Object.fromEntries(format.formatToParts(new Date(ms)).map(part => [part.type, part.value]));
  const offset = (p.timeZoneName || '').replace('GMT', '') || '+00:00';
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${offset}`;
}

/** Re-renders every <time datetime data-tz> in the reader's language, in its site's zone. */
export function localizeTimes(root = document) {
  for (const el of root.querySelectorAll('time[datetime][data-tz]')) {
    const ms = Date.parse(el.getAttribute('datetime'));
    if (!Number.isNaN(ms)) el.textContent = inZone(ms, el.dataset.tz);
  }
}

export const number = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Calls tick() every second (ages, offline checks) without drifting across sleeps. */
export function everySecond(tick) {
  tick();
  return setInterval(tick, 1000);
}

const connectionBadge = document.getElementById('connection');
function showConnection(state) {
  if (!connectionBadge) return;
  connectionBadge.hidden = false;
  connectionBadge.className = 'connection ' + (state === 'live' ? 'live' : 'down');
  connectionBadge.textContent = state === 'live' ? t('live') : state === 'reconnecting' ? t('reconnecting…') : t('live updates unavailable');
}

/**
 * Connects to the live hub and hands each message to handlers.reading / .alarm / .gateway. Reconnects for ever
 * (after the built-in retries, every 10 s), and calls handlers.reconnected so a page can refetch what it missed.
 */
export function connectLive(handlers) {
  if (!window.signalR) {
    showConnection('down');
    return null;
  }
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/live')
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000])
    .configureLogging(signalR.LogLevel.None)
    .build();
  for (const name of ['reading', 'alarm', 'gateway']) {
    if (handlers[name]) connection.on(name, message => handlers[name](message));
  }
  connection.onreconnecting(() => { showConnection('reconnecting'); handlers.connection?.(false); });
  connection.onreconnected(() => { showConnection('live'); handlers.connection?.(true); handlers.reconnected?.(); });
  connection.onclose(() => { showConnection('down'); handlers.connection?.(false); setTimeout(start, 10000); });
  async function start() {
    try {
      await connection.start();
      showConnection('live');
      handlers.connection?.(true);
    } catch {
      showConnection('down');
      handlers.connection?.(false);
      setTimeout(start, 10000);
    }
  }
  start();
  return connection;
}

/** POST /api/alarms/{id}/ack with the comment; resolves to the updated alarm or throws Error(reason). */
export async function acknowledge(id, comment) {
  const response = await fetch(`/api/alarms/${encodeURIComponent(id)}/ack`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ comment }),
  });
  if (!response.ok) {
    let detail = `${response.status}`;
    try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch { /* not JSON */ }
    throw new Error(detail);
  }
  return response.status === 204 ? null : response.json();
}
