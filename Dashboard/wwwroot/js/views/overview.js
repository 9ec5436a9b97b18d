// Overview: is everything up, how many agents and connections, how fast, what is failing.
import { state, on } from '../store.js';
import { drawChart } from '../chart.js';
import { el, count, ms, percent, age } from '../format.js';

const SERVICES = ['registry', 'relay', 'functions', 'dashboard'];
let visible = true;

export function init() {
  on('overview', render);
  on('agents', () => { document.getElementById('nav-agents').textContent = count(state.agents.size); });
  window.addEventListener('resize', () => visible && renderCharts());
  window.addEventListener('themechange', () => visible && renderCharts());
  setInterval(() => visible && renderHealth(), 1000);
}

export function setVisible(v) {
  visible = v;
  if (v) render();
}

function render() {
  const o = state.overview;
  document.getElementById('nav-agents').textContent = count(state.agents.size);
  document.getElementById('nav-connections').textContent = o ? count(o.connections) : '0';
  document.getElementById('nav-running').textContent = o ? count(o.runningInvocations) : '0';
  if (!visible || !o) return;
  renderHealth();
  renderTiles(o);
  renderCharts();
}

function renderHealth() {
  const o = state.overview;
  if (!o) return;
  const byName = new Map(o.health.map((h) => [h.name, h]));
  const host = document.getElementById('health');
  host.replaceChildren(...SERVICES.map((name) => {
    const h = byName.get(name) ?? { status: 'unknown' };
    const meta = h.status === 'unconfigured'
      ? 'not configured'
      : `${h.latencyMs !== null && h.latencyMs !== undefined ? ms(h.latencyMs) : '—'} · ${h.status} for ${age(h.since)}`;
    return el('div', { class: 'card svc', dataset: { status: h.status, service: name }, 'data-testid': `health-${name}` },
      el('span', { class: 'dot' }),
      el('b', { text: name }),
      el('span', { class: 'pill', text: h.status }),
      el('span', { class: 'meta', text: meta }));
  }));
}

function renderTiles(o) {
  const perAgent = Object.values(o.perAgent ?? {});
  const calls = perAgent.reduce((a, s) => a + (s.count ?? 0), 0);
  const errors = perAgent.reduce((a, s) => a + (s.errors ?? 0), 0);
  // Throughput over the last minute reads better than one bucket, which is often empty.
  const recent = state.series.filter((pt) => pt.t >= (o.point?.t ?? Date.now()) - 60_000);
  const interval = o.seriesIntervalSeconds || 1;
  const lastMinute = recent.reduce((a, pt) => a + pt.invocationsPerSec * interval, 0);
  const span = Math.max(interval, recent.length * interval);
  const withLatency = [...recent].reverse().find((pt) => pt.p50Ms !== null && pt.p50Ms !== undefined);
  const dialects = Object.entries(o.connectionsByDialect ?? {}).map(([d, n]) => `${d} ${count(n)}`).join(' · ');
  const tiles = [
    ['Agents', count(o.agents), `${count(o.instances)} instances`, 'tile-agents'],
    ['Healthy', count(o.healthy), o.stale ? `${count(o.stale)} stale` : 'none stale', 'tile-healthy', o.stale > 0],
    ['Connections', count(o.connections), dialects || (o.relayConnected ? 'none open' : relayNote(o)), 'tile-connections'],
    ['Running', count(o.runningInvocations), 'invocations in flight', 'tile-running'],
    ['Throughput', `${count(lastMinute / span)}/s`, withLatency ? `p50 ${ms(withLatency.p50Ms)} · p99 ${ms(withLatency.p99Ms)}` : 'no calls in the last minute', 'tile-throughput'],
    ['Error rate', percent(errors, calls), `${count(errors)} of ${count(calls)} calls`, 'tile-errors', errors > 0],
  ];
  document.getElementById('tiles').replaceChildren(...tiles.map(([label, value, sub, id, bad]) =>
    el('div', { class: `card tile${bad ? ' bad' : ''}`, 'data-testid': id },
      el('div', { class: 'label', text: label }),
      el('div', { class: 'value', text: value }),
      el('div', { class: 'sub', text: sub, title: sub }))));
}

function relayNote(o) {
  return o.relayProblem ? `relay: ${o.relayProblem}` : 'relay not connected';
}

function color(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function renderCharts() {
  const s = state.series;
  const t = s.map((p) => p.t);
  const rate = (v) => (v >= 10 ? count(v) : v.toFixed(v === 0 ? 0 : 1));
  drawChart(document.getElementById('chart-throughput'), [
    { name: 'completed', color: color('--s1'), values: s.map((p) => p.invocationsPerSec), fill: true },
    { name: 'failed', color: color('--bad'), values: s.map((p) => p.errorsPerSec) },
  ], t, rate);
  drawChart(document.getElementById('chart-latency'), [
    { name: 'p50', color: color('--s3'), values: s.map((p) => p.p50Ms) },
    { name: 'p99', color: color('--s4'), values: s.map((p) => p.p99Ms) },
  ], t, (v) => (v >= 1000 ? `${(v / 1000).toFixed(1)}s` : `${Math.round(v * 10) / 10}`));
  drawChart(document.getElementById('chart-traffic'), [
    { name: 'in', color: color('--s1'), values: s.map((p) => p.framesInPerSec), fill: true },
    { name: 'out', color: color('--s2'), values: s.map((p) => p.framesOutPerSec) },
  ], t, rate);
  drawChart(document.getElementById('chart-population'), [
    { name: 'connections', color: color('--s1'), values: s.map((p) => p.connections) },
    { name: 'healthy agents', color: color('--s3'), values: s.map((p) => p.agents) },
    { name: 'stale', color: color('--s4'), values: s.map((p) => p.stale) },
  ], t, (v) => count(v));
}
