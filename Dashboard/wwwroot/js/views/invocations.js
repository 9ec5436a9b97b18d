// Invocations: the live list (newest first) and per-agent latency percentiles and error rates.
import { state, on } from '../store.js';
import { VirtualTable } from '../vtable.js';
import { el, ms, clock, count, percent } from '../format.js';

let table;
let visible = false;
let filter = '';

export function init() {
  table = new VirtualTable(document.getElementById('inv-table'), {
    testId: 'invocation-rows',
    rowKey: (i) => i.id,
    rowStatus: (i) => i.status,
    empty: 'No invocations yet.',
    columns: [
      { title: 'Status', width: '96px', cell: (i) => el('span', { class: `st-${i.status}`, text: i.status }) },
      { title: 'Agent', width: 'minmax(100px, 1fr)', cell: (i) => i.agent },
      { title: 'Invocation', width: 'minmax(100px, 1fr)', cell: (i) => i.id },
      { title: 'Mode', width: '60px', cell: (i) => i.mode ?? '—' },
      { title: 'Connection', width: 'minmax(90px, .9fr)', cell: (i) => i.connectionId ?? '—' },
      { title: 'Started', width: '78px', cell: (i) => clock(i.startedAt) },
      { title: 'Duration', width: '88px', className: 'num', cell: (i) => (i.durationMs === null || i.durationMs === undefined ? (i.status === 'running' ? '…' : '—') : ms(i.durationMs)) },
      { title: 'Error', width: 'minmax(60px, .6fr)', cell: (i) => i.errorCode ?? '' },
    ],
  });
  document.getElementById('inv-filter').addEventListener('input', (e) => { filter = e.target.value.trim().toLowerCase(); render(); });
  on('invocations', render);
  on('overview', renderStats);
}

export function setVisible(v) {
  visible = v;
  if (v) { render(); renderStats(); }
}

function render() {
  if (!visible) return;
  const rows = filter ? state.invocations.filter((i) => i.agent.toLowerCase().includes(filter)) : state.invocations;
  const running = state.invocations.filter((i) => i.status === 'running').length;
  document.getElementById('inv-count').textContent = `${rows.length.toLocaleString('en')} recent · ${running} running`;
  table.setRows(rows);
}

function renderStats() {
  if (!visible) return;
  const host = document.getElementById('inv-stats');
  const per = Object.entries(state.overview?.perAgent ?? {}).sort((a, b) => (b[1].count ?? 0) - (a[1].count ?? 0));
  if (per.length === 0) {
    host.replaceChildren(el('div', { class: 'empty', text: 'No calls recorded by the Relay yet.' }));
    return;
  }
  host.replaceChildren(el('table', { class: 'stats', 'data-testid': 'agent-stats' },
    el('thead', {}, el('tr', {}, ...['Agent', 'Calls', 'Error rate', 'p50', 'p99'].map((h, i) => el('th', { class: i ? 'num' : '', text: h })))),
    el('tbody', {}, ...per.map(([agent, s]) => el('tr', { dataset: { agent } },
      el('td', { text: agent }),
      el('td', { class: 'num', text: count(s.count) }),
      el('td', { class: 'num', text: percent(s.errors ?? 0, s.count ?? 0) }),
      el('td', { class: 'num', text: ms(s.p50Ms) }),
      el('td', { class: 'num', text: ms(s.p99Ms) }))))));
}
