// Driver page: live compartments and alarms; keeps the last state in localStorage and, offline, shows it with its age.
import { t, age, inZone, connectLive, localizeTimes, everySecond } from './live.js';
import { render, applyReading, applyAlarm } from './tiles.js';
import { createAlarmList } from './alarm-list.js';

const root = document.getElementById('driver');
const banner = document.getElementById('offline-banner');
const offlineAfter = Number(root.dataset.offlineAfter);
const renderedAt = Number(root.dataset.renderedAt);
const STATE_KEY = 'coldchain.driver.state';
let connected = false;

// The page may be the service worker's copy: if a newer state was kept, show that one.
const kept = readKept();
if (kept && kept.savedAt > renderedAt) root.innerHTML = kept.html;
let stateTime = Math.max(renderedAt, kept?.savedAt ?? 0);

localizeTimes();
let tiles = tileMap();
const alarms = createAlarmList(document.getElementById('alarm-list'), save);

function tileMap() { return new Map([...root.querySelectorAll('.tile[data-asset]')].map(tile => [tile.dataset.asset, tile])); }

function readKept() {
  try { return JSON.parse(localStorage.getItem(STATE_KEY) || 'null'); } catch { return null; }
}

function save() {
  stateTime = Date.now();
  try { localStorage.setItem(STATE_KEY, JSON.stringify({ savedAt: stateTime, html: root.innerHTML })); } catch { /* storage full or denied */ }
}

function showOffline() {
  const offline = !navigator.onLine || (!connected && Date.now() - stateTime > 5000);
  banner.hidden = !offline;
  if (offline) banner.textContent = t('You are offline. Showing the state of {0} ({1}).', inZone(stateTime, root.querySelector('[data-tz]')?.dataset.tz), age(Date.now() - stateTime));
}

everySecond(() => {
  const now = Date.now();
  for (const tile of tiles.values()) render(tile, now, offlineAfter);
  showOffline();
});
window.addEventListener('online', showOffline);
window.addEventListener('offline', showOffline);

if (navigator.onLine && Date.now() - renderedAt < 60000) save();

connectLive({
  reading(reading) {
    const tile = tiles.get(reading.asset);
    if (!tile || !applyReading(tile, reading, 3600 * 1000)) return;
    render(tile, Date.now(), offlineAfter);
    save();
  },
  alarm(alarm) {
    const tile = tiles.get(alarm.asset);
    if (tile) applyAlarm(tile, alarm);
    if (tile || root.querySelector(`[data-asset="${CSS.escape(alarm.asset)}"]`)) alarms.show(alarm, true);
  },
  connection(up) { connected = up; showOffline(); },
  reconnected() { location.reload(); },
});

if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => undefined);
