import { connectLive, everySecond } from './live.js';
import { render, drawTrend, applyReading, applyAlarm } from './tiles.js';

const root = document.getElementById('overview');
const offlineAfter = Number(root.dataset.offlineAfter);
const trendWindow = 3600 * 1000;
const tiles = new Map([...root.querySelectorAll('.tile[data-asset]')].map(tile => [tile.dataset.asset, tile]));

let connected = false;
let downSince = Date.now();

for (const tile of tiles.values()) drawTrend(tile);
everySecond(() => {
  const now = Date.now();
  for (const tile of tiles.values()) render(tile, now, offlineAfter);
  // Without the hub the tiles would age into "offline" although the assets are fine: fetch a fresh page instead.
  if (!connected && navigator.onLine && now - downSince > 30000) location.reload();
});

connectLive({
  reading(reading) {
    const tile = tiles.get(reading.asset);
    if (!tile || !applyReading(tile, reading, trendWindow)) return;
    render(tile, Date.now(), offlineAfter);
    tile.classList.add('flash');
    setTimeout(() => tile.classList.remove('flash'), 600);
  },
  alarm(alarm) {
    const tile = tiles.get(alarm.asset);
    if (!tile) return;
    applyAlarm(tile, alarm);
    render(tile, Date.now(), offlineAfter);
  },
  gateway(status) {
    if (status.online) return;
    // The gateway says it is gone (its last will): its tiles are offline now, not after the silence.
    for (const tile of tiles.values()) {
      if (tile.dataset.gateway === status.gateway) { tile.dataset.gatewayOffline = 'true'; render(tile, Date.now(), offlineAfter); }
    }
  },
  connection(up) { connected = up; if (!up) downSince = Date.now(); },
  reconnected() { location.reload(); },
});
