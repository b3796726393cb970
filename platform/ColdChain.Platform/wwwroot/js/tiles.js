// Live tiles (overview and driver page). The status rules are TileStatusRules in Web/TileStatus.cs, mirrored here.
import { t, age, number } from './live.js';

const words = { ok: 'ok', warning: 'warning', alarm: 'alarm', offline: 'offline', sensor_fault: 'sensor fault' };

export function statusOf({ last, readingStatus, value, min, max, band, alarms, gatewayOffline }, now, offlineAfter) {
  if (!last || now - last > offlineAfter || gatewayOffline) return 'offline';
  if (readingStatus === 'sensor_fault' || value === null || value === undefined) return 'sensor_fault';
  if (alarms > 0 || readingStatus === 'out_of_range' || (min !== null && value < min) || (max !== null && value > max)) return 'alarm';
  if ((min !== null && value < min + band) || (max !== null && value > max - band)) return 'warning';
  return 'ok';
}

const num = v => (v === '' || v === undefined || v === null ? null : Number(v));

/** The state a tile element carries in its data attributes (rendered by the server, updated here). */
export function stateOf(tile) {
  const d = tile.dataset;
  const valueText = tile.querySelector('.num')?.dataset.value;
  return {
    last: num(d.last), readingStatus: d.readingStatus, min: num(d.min), max: num(d.max), band: num(d.band) ?? 0,
    alarms: JSON.parse(d.openAlarms || '[]').length, gatewayOffline: d.gatewayOffline === 'true', value: num(valueText),
  };
}

export function render(tile, now, offlineAfter) {
  const state = stateOf(tile);
  const status = statusOf(state, now, offlineAfter);
  if (tile.dataset.status !== status) {
    tile.classList.remove('status-' + tile.dataset.status);
    tile.classList.add('status-' + status);
    tile.dataset.status = status;
    tile.querySelector('.status use')?.setAttribute('href', '/icons/status.svg#' + status);
    const word = tile.querySelector('.status .word');
    if (word) word.textContent = t(words[status]);
  }
  const ageElement = tile.querySelector('.age');
  if (ageElement) ageElement.textContent = state.last ? age(now - state.last) : t('no reading');
}

export function drawTrend(tile) {
  const line = tile.querySelector('.trend polyline');
  if (!line) return;
  const trend = JSON.parse(tile.dataset.trend || '[]');
  if (trend.length < 2) { line.setAttribute('points', ''); return; }
  const t0 = trend[0][0], t1 = trend[trend.length - 1][0];
  let lo = Infinity, hi = -Infinity;
  for (const [, v] of trend) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (hi - lo < 1) { const mid = (hi + lo) / 2; lo = mid - 0.5; hi = mid + 0.5; }
  const x = time => ((time - t0) / Math.max(1, t1 - t0)) * 200;
  const y = v => 38 - ((v - lo) / (hi - lo)) * 36;
  line.setAttribute('points', trend.map(([time, v]) => `${x(time).toFixed(1)},${y(v).toFixed(1)}`).join(' '));
}

/** Applies one hub "reading" to the tile of its asset; returns true when the tile changed. */
export function applyReading(tile, reading, trendWindow) {
  const time = Date.parse(reading.time);
  if (Number.isNaN(time)) return false;
  if (reading.quantity === 'door') {
    const door = tile.querySelector('.door');
    if (door) {
      const open = reading.value > 0.5;
      door.textContent = open ? t('open') : t('closed');
      door.classList.toggle('open', open);
    }
  }
  if (time > Number(tile.dataset.last || 0)) {
    tile.dataset.last = String(time);
    delete tile.dataset.gatewayOffline;
    if (reading.gateway) tile.dataset.gateway = reading.gateway;
  }
  if (reading.quantity !== 'temperature') return true;
  if (tile.dataset.sensor && tile.dataset.sensor !== reading.sensor) return true;
  tile.dataset.sensor = reading.sensor;
  tile.dataset.readingStatus = reading.status;
  const numElement = tile.querySelector('.num');
  if (numElement) {
    numElement.dataset.value = reading.value === null || reading.value === undefined ? '' : String(reading.value);
    numElement.textContent = reading.value === null || reading.value === undefined ? '–' : number.format(reading.value);
  }
  if (reading.value !== null && reading.value !== undefined) {
    const trend = JSON.parse(tile.dataset.trend || '[]').filter(([at]) => at >= time - trendWindow);
    trend.push([time, reading.value]);
    tile.dataset.trend = JSON.stringify(trend.slice(-120));
    drawTrend(tile);
  }
  return true;
}

/** Applies one hub "alarm" (an /api/alarms item) to the tile of its asset: the open-alarm count. */
export function applyAlarm(tile, alarm) {
  const open = new Set(JSON.parse(tile.dataset.openAlarms || '[]'));
  if (alarm.endedAt || alarm.state === 'cleared') open.delete(alarm.id); else open.add(alarm.id);
  tile.dataset.openAlarms = JSON.stringify([...open]);
  const count = tile.querySelector('.alarms');
  if (count) count.textContent = String(open.size);
}
