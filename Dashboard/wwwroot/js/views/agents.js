// Agents: every registered instance, live; heartbeat age ticks; lifecycle history on the side.
import { state, on, keyOf } from '../store.js';
import { VirtualTable } from '../vtable.js';
import { el, age, clock } from '../format.js';

let table;
let visible = false;
let filter = '';
let status = '';
let seenChanges = 0;

export function init() {
  table = new VirtualTable(document.getElementById('agents-table'), {
    testId: 'agents-rows',
    rowKey: keyOf,
    rowStatus: (a) => a.status,
    onClick: showDetails,
    empty: 'No agents registered yet.',
    columns: [
      { title: 'Status', width: '84px', cell: (a) => el('span', { class: 'status' }, el('span', { class: 'dot' }), a.status) },
      { title: 'Agent', width: 'minmax(120px, 1.3fr)', cell: (a) => a.name },
      { title: 'Instance', width: 'minmax(90px, 1fr)', cell: (a) => a.instanceId },
      { title: 'Protocol', width: '84px', cell: (a) => a.protocol },
      { title: 'Mode', width: '62px', cell: (a) => a.mode },
      { title: 'Endpoint', width: 'minmax(120px, 1.6fr)', cell: (a) => a.endpoint },
      { title: 'Tools', width: '48px', className: 'num', cell: (a) => String(a.tools?.length ?? 0) },
      { title: 'Heartbeat', width: '84px', className: 'num', cell: (a) => age(a.lastHeartbeat) },
    ],
  });
  document.getElementById('agents-filter').addEventListener('input', (e) => { filter = e.target.value.trim().toLowerCase(); render(); });
  document.getElementById('agents-status').addEventListener('change', (e) => { status = e.target.value; render(); });
  on('agents', render);
  // Heartbeat ages move with the clock, not with events.
  setInterval(() => visible && table.schedule(), 1000);
}

export function setVisible(v) {
  visible = v;
  if (v) render();
}

function render() {
  if (!visible) return;
  // Flash what just changed, unless a whole fleet changed at once (a wall of blue says nothing).
  if (state.recentlyChanged.size <= 50) {
    for (const [key, at] of state.recentlyChanged) {
      if (at > seenChanges) table.flash(key);
    }
  }
  seenChanges = Date.now();
  state.recentlyChanged.clear();
  const all = [...state.agents.values()];
  const rows = all
    .filter((a) => !filter || a.name.toLowerCase().includes(filter) || a.instanceId.toLowerCase().includes(filter))
    .filter((a) => !status || a.status === status)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0));
  const stale = all.filter((a) => a.status === 'stale').length;
  const names = new Set(all.map((a) => a.name)).size;
  document.getElementById('agents-count').textContent =
    `${plural(names, 'agent')} · ${plural(all.length, 'instance')} · ${stale} stale${rows.length !== all.length ? ` · ${rows.length.toLocaleString('en')} shown` : ''}`;
  table.setRows(rows);
  renderHistory();
}

function plural(n, word) {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

function renderHistory() {
  const list = document.getElementById('agents-history');
  const items = state.history.slice(0, 150);
  if (items.length === 0) {
    list.replaceChildren(el('li', { class: 'empty', text: 'Nothing has happened yet.' }));
    return;
  }
  list.replaceChildren(...items.map((h) => el('li', { dataset: { kind: h.kind } },
    el('time', { datetime: h.at, text: clock(h.at) }),
    el('span', {},
      el('b', { class: `k-${h.kind}`, text: h.kind }), ' ',
      `${h.name}/${h.instanceId}`,
      h.reason ? el('span', { class: 'muted', text: ` (${h.reason})` }) : null))));
}

function showDetails(a) {
  const box = document.getElementById('agent-details');
  box.hidden = false;
  const meta = Object.entries(a.metadata ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || '—';
  const tools = (a.tools ?? []).map((t) => t.name).join(', ') || '—';
  const rows = [
    ['Agent', `${a.name} / ${a.instanceId}`], ['Status', a.status], ['Endpoint', a.endpoint],
    ['Protocol · mode', `${a.protocol} · ${a.mode}`], ['Capabilities', (a.capabilities ?? []).join(', ') || '—'],
    ['Tools', tools], ['Metadata', meta], ['Public (AID)', a.public ? 'yes' : 'no'],
    ['Registered', a.registeredAt ? `${clock(a.registeredAt)} (${age(a.registeredAt)} ago)` : '—'],
    ['Last heartbeat', a.lastHeartbeat ? `${clock(a.lastHeartbeat)} (${age(a.lastHeartbeat)} ago)` : '—'],
  ];
  box.replaceChildren(el('h3', { text: 'Instance' }), el('dl', {}, ...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])));
}
