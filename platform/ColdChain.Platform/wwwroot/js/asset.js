// Asset chart: server-downsampled series (min and max per pixel-wide bucket, nulls at gaps), limit lines, warning
// bands, door openings, planned defrosts and alarms shaded; live readings appended while the newest period is shown.
import { t, inZone, number, connectLive, localizeTimes } from './live.js';

const chartElement = document.getElementById('chart');
const statusElement = document.getElementById('chart-status');
const asset = chartElement.dataset.asset;
const zone = chartElement.dataset.tz;
const palette = ['#0b5cad', '#8250df', '#bc4c00', '#1a7f37', '#cf222e'];
let plot = null;
let current = null; // { response, hours, data, sensors }

localizeTimes();

for (const button of document.querySelectorAll('.ranges button')) {
  button.addEventListener('click', () => load(Number(button.dataset.hours)));
}

load(24);

async function load(hours) {
  for (const b of document.querySelectorAll('.ranges button')) b.setAttribute('aria-pressed', String(Number(b.dataset.hours) === hours));
  statusElement.textContent = t('Loading…');
  const started = performance.now();
  performance.mark('chart-request');
  const to = new Date();
  const from = new Date(to.getTime() - hours * 3600 * 1000);
  const points = Math.max(100, Math.min(4000, Math.round(chartElement.clientWidth || 800)));
  const url = `/api/assets/${encodeURIComponent(asset)}/series?from=${from.toISOString()}&to=${to.toISOString()}&points=${points}`;
  const defrosts = plannedDefrosts(from, to);
  let response;
  try {
    const answer = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!answer.ok) throw new Error(`${answer.status}`);
    response = await answer.json();
  } catch (error) {
    statusElement.textContent = t('The chart could not be loaded: {0}', error.message);
    return;
  }
  response.defrosts = await defrosts;
  draw(response, hours);
  const elapsed = performance.now() - started;
  performance.mark('chart-drawn');
  performance.measure('time-to-chart', 'chart-request', 'chart-drawn');
  chartElement.dataset.renderedHours = String(hours);
  chartElement.dataset.renderMs = elapsed.toFixed(0);
  chartElement.dataset.points = String(current.data[0].length);
}

function draw(response, hours) {
  const temperatures = response.sensors.filter(s => s.quantity === 'temperature');
  const doors = response.sensors.filter(s => s.quantity === 'door');
  const tables = temperatures.map(s => [s.time.map(ms => ms / 1000), s.value]);
  const data = tables.length ? (tables.length === 1 ? tables[0] : uPlot.join(tables)) : [[response.from, response.to].map(x => Date.parse(x) / 1000)];
  current = { response, hours, data, temperatures };
  renderStats(response);
  renderAlarms(response);
  const anyValue = temperatures.some(s => s.count > 0);
  statusElement.textContent = anyValue ? '' : t('no data in this period');

  const limits = response.limits;
  const doorSpans = spans(doors, v => v > 0.5);
  const defrostSpans = (response.defrosts || []).map(d => [Date.parse(d.start) / 1000, Date.parse(d.end) / 1000]);
  const alarmSpans = response.alarms.map(a => [Date.parse(a.startedAt) / 1000, a.endedAt ? Date.parse(a.endedAt) / 1000 : Date.parse(response.to) / 1000, a.severity]);
  const width = chartElement.clientWidth || 800;
  const options = {
    width,
    height: 400,
    scales: {
      x: { time: true, range: [Date.parse(response.from) / 1000, Date.parse(response.to) / 1000] },
      y: { range: (u, lo, hi) => yRange(lo, hi, limits) },
    },
    axes: [
      { values: (u, splits) => splits.map(s => axisTime(s * 1000, hours)), stroke: '#1f2328', grid: { stroke: '#d0d7de' } },
      { label: '°C', stroke: '#1f2328', grid: { stroke: '#d0d7de' }, values: (u, splits) => splits.map(v => number.format(v)) },
    ],
    series: [
      { label: t('Time'), value: (u, v) => (v == null ? '–' : inZone(v * 1000, zone)) },
      ...temperatures.map((s, i) => ({
        label: s.sensor, stroke: palette[i % palette.length], width: 1.5, spanGaps: false,
        value: (u, v) => (v == null ? '–' : `${number.format(v)} °C`),
      })),
    ],
    legend: { live: true },
    hooks: {
      drawClear: [u => {
        const ctx = u.ctx;
        ctx.save();
        shadeY(u, limits);
        for (const [a, b] of defrostSpans) shadeX(u, a, b, 'rgba(26, 127, 55, 0.12)');
        for (const [a, b] of doorSpans) shadeX(u, a, b, 'rgba(154, 103, 0, 0.14)');
        for (const [a, b, severity] of alarmSpans) shadeX(u, a, b, severity === 'critical' ? 'rgba(207, 34, 46, 0.16)' : 'rgba(207, 34, 46, 0.08)');
        ctx.restore();
      }],
      draw: [u => limitLines(u, limits)],
    },
  };
  if (plot) plot.destroy();
  plot = new uPlot(options, data, chartElement);
}

/** The asset's planned defrosts in the period (UTC spans, defrost and recovery); none if the plan cannot be read. */
async function plannedDefrosts(from, to) {
  try {
    const answer = await fetch(`/api/assets/${encodeURIComponent(asset)}/defrost-plan?from=${from.toISOString()}&to=${to.toISOString()}`,
      { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!answer.ok) return [];
    const plan = await answer.json();
    chartElement.dataset.defrosts = String((plan.occurrences || []).length);
    return plan.occurrences || [];
  } catch {
    return [];
  }
}

function yRange(lo, hi, limits) {
  const marks = [lo, hi];
  if (limits?.min != null) marks.push(limits.min);
  if (limits?.max != null) marks.push(limits.max);
  const finite = marks.filter(Number.isFinite);
  if (!finite.length) return [0, 10];
  let min = Math.min(...finite), max = Math.max(...finite);
  const pad = Math.max(0.5, (max - min) * 0.08);
  return [Math.floor(min - pad), Math.ceil(max + pad)];
}

function shadeX(u, from, to, colour) {
  const left = Math.max(u.bbox.left, u.valToPos(from, 'x', true));
  const right = Math.min(u.bbox.left + u.bbox.width, u.valToPos(to, 'x', true));
  if (right <= left - 1) return;
  u.ctx.fillStyle = colour;
  u.ctx.fillRect(left, u.bbox.top, Math.max(1, right - left), u.bbox.height);
}

function shadeY(u, limits) {
  if (!limits) return;
  u.ctx.fillStyle = 'rgba(191, 135, 0, 0.22)';
  const band = limits.warningBand || 0;
  for (const [a, b] of [[limits.max - band, limits.max], [limits.min, limits.min + band]]) {
    if (!Number.isFinite(a) || !Number.isFinite(b) || band <= 0) continue;
    const top = u.valToPos(b, 'y', true), bottom = u.valToPos(a, 'y', true);
    u.ctx.fillRect(u.bbox.left, top, u.bbox.width, bottom - top);
  }
}

function limitLines(u, limits) {
  if (!limits) return;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = '#cf222e';
  ctx.lineWidth = 2 * devicePixelRatio;
  ctx.setLineDash([8 * devicePixelRatio, 5 * devicePixelRatio]);
  ctx.fillStyle = '#a40e26';
  ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  for (const value of [limits.min, limits.max]) {
    if (value == null) continue;
    const y = u.valToPos(value, 'y', true);
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.fillText(`${t('limit')} ${number.format(value)} °C`, u.bbox.left + 6 * devicePixelRatio, y - 4 * devicePixelRatio);
  }
  ctx.restore();
}

/** [start, end] seconds where a door sensor reads open. */
function spans(series, isOn) {
  const result = [];
  for (const s of series) {
    let start = null;
    for (let i = 0; i < s.time.length; i++) {
      const on = s.value[i] != null && isOn(s.value[i]);
      if (on && start === null) start = s.time[i] / 1000;
      if (!on && start !== null) { result.push([start, s.time[i] / 1000]); start = null; }
    }
    if (start !== null) result.push([start, s.time[s.time.length - 1] / 1000]);
  }
  return result;
}

function axisTime(ms, hours) {
  // Same shape as inZone (month-day, 24-hour) in every language: "14:05" within a day, "11-25 14:00" beyond.
  const full = inZone(ms, zone);
  return hours <= 24 ? full.slice(11, 16) : `${full.slice(5, 10)} ${full.slice(11, 16)}`;
}

function renderStats(response) {
  const body = document.querySelector('#stats tbody');
  body.replaceChildren(...response.sensors.filter(s => s.quantity !== 'door').map(s => {
    const row = document.createElement('tr');
    const cells = [
      `${s.sensor}${s.calibrationOverdue ? ' ⚠' : ''}`,
      s.min == null ? '–' : `${number.format(s.min)} ${s.unit}`,
      s.max == null ? '–' : `${number.format(s.max)} ${s.unit}`,
      s.mean == null ? '–' : `${number.format(s.mean)} ${s.unit}`,
      String(s.count), String(s.faults),
    ];
    cells.forEach((text, i) => { const td = document.createElement(i === 0 ? 'th' : 'td'); if (i === 0) td.scope = 'row'; else td.className = 'num'; td.textContent = text; row.append(td); });
    return row;
  }));
}

function renderAlarms(response) {
  const list = document.getElementById('period-alarms');
  if (!response.alarms.length) { const li = document.createElement('li'); li.textContent = '–'; list.replaceChildren(li); return; }
  list.replaceChildren(...response.alarms.map(a => {
    const li = document.createElement('li');
    li.textContent = `${inZone(Date.parse(a.startedAt), zone)} · ${t(String(a.condition || '').replaceAll('_', ' '))} · ${t(a.severity)} · ${t(a.state)}`;
    return li;
  }));
}

// Live: while the newest period is shown, append each reading of this asset to its sensor's series.
connectLive({
  reading(reading) {
    if (!plot || !current || reading.asset !== asset || reading.quantity !== 'temperature') return;
    const index = current.temperatures.findIndex(s => s.sensor === reading.sensor);
    if (index < 0) return;
    const x = Date.parse(reading.time) / 1000;
    const data = current.data;
    if (x <= data[0][data[0].length - 1]) return;
    data[0].push(x);
    data.forEach((column, i) => { if (i > 0) column.push(i === index + 1 ? reading.value : undefined); });
    const range = current.hours * 3600;
    plot.setScale('x', { min: x - range, max: x });
    plot.setData(data, false);
    plot.setScale('x', { min: x - range, max: x });
  },
});

new ResizeObserver(() => { if (plot && chartElement.clientWidth && Math.abs(plot.width - chartElement.clientWidth) > 20) plot.setSize({ width: chartElement.clientWidth, height: 400 }); }).observe(chartElement);
