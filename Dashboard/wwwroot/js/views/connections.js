// Connections: paged from the Relay through the dashboard (the Relay may hold 10,000); refreshed while open.
import { state, on } from '../store.js';
import { VirtualTable } from '../vtable.js';
import { el, age, count, bytes } from '../format.js';

let conns;
let groups;
let visible = false;
let dialect = '';
let hub = '';
let timer = 0;
let pendingRefresh = 0;

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let detail = `${response.status}`;
    try { detail = (await response.json()).detail ?? detail; } catch { /* not JSON */ }
    throw new Error(detail);
  }
  return response.json();
}

function query(base, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== undefined) q.set(k, String(v));
  return `${base}?${q}`;
}

export function init() {
  conns = new VirtualTable(document.getElementById('conn-table'), {
    testId: 'connection-rows',
    rowKey: (c) => c.id,
    empty: 'No open connections.',
    columns: [
      { title: 'Connection', width: 'minmax(110px, 1.2fr)', cell: (c) => c.id },
      { title: 'Dialect', width: '86px', cell: (c) => c.dialect },
      { title: 'Hub', width: 'minmax(60px, .7fr)', cell: (c) => c.hub ?? '—' },
      { title: 'User', width: 'minmax(70px, .8fr)', cell: (c) => c.user ?? '—' },
      { title: 'Groups', width: 'minmax(80px, 1fr)', cell: (c) => (c.groups ?? []).join(', ') || '—' },
      { title: 'Age', width: '70px', className: 'num', cell: (c) => age(c.connectedAt) },
      { title: 'Frames in/out', width: '104px', className: 'num', cell: (c) => `${count(c.framesIn)} / ${count(c.framesOut)}` },
      { title: 'Bytes in/out', width: '140px', className: 'num', cell: (c) => `${bytes(c.bytesIn)} / ${bytes(c.bytesOut)}` },
      { title: 'Replay lag', width: '120px', className: 'num', cell: (c) => (c.replayFrames ? `${count(c.replayFrames)} fr · ${bytes(c.replayBytes)}` : '0') },
      { title: 'In flight', width: '64px', className: 'num', cell: (c) => String(c.inflight ?? 0) },
    ],
  });
  groups = new VirtualTable(document.getElementById('group-table'), {
    testId: 'group-rows',
    rowKey: (g) => `${g.hub}/${g.name}`,
    empty: 'No groups.',
    columns: [
      { title: 'Hub', width: 'minmax(80px, 1fr)', cell: (g) => g.hub ?? '—' },
      { title: 'Group', width: 'minmax(120px, 2fr)', cell: (g) => g.name },
      { title: 'Members', width: '90px', className: 'num', cell: (g) => count(g.members) },
    ],
  });
  document.getElementById('conn-dialect').addEventListener('change', (e) => { dialect = e.target.value; reload(); });
  document.getElementById('conn-hub').addEventListener('input', (e) => { hub = e.target.value.trim(); reload(); });
  on('connections', () => {
    // Connection events can arrive by the hundred: refresh at most twice a second.
    if (!visible || pendingRefresh) return;
    pendingRefresh = setTimeout(() => { pendingRefresh = 0; refresh(); }, 500);
  });
  on('overview', renderDialects);
}

export function setVisible(v) {
  visible = v;
  clearInterval(timer);
  if (!v) return;
  reload();
  timer = setInterval(refresh, 2000);
}

function reload() {
  const problem = document.getElementById('conn-problem');
  conns.setPager(async (offset, limit) => {
    try {
      const page = await getJson(query('/api/connections', { dialect, hub, offset, limit }));
      problem.textContent = page.unavailable ? `Relay: ${page.unavailable}` : '';
      document.getElementById('conn-count').textContent = `${page.total.toLocaleString('en')} connections`;
      return page;
    } catch (err) {
      problem.textContent = `Relay: ${err.message}`;
      throw err;
    }
  });
  groups.setPager((offset, limit) => getJson(query('/api/groups', { hub, offset, limit })));
}

function refresh() {
  if (!visible) return;
  conns.refresh();
  groups.refresh();
}

function renderDialects() {
  const select = document.getElementById('conn-dialect');
  const known = Object.keys(state.overview?.connectionsByDialect ?? {}).sort();
  const have = [...select.options].map((o) => o.value).filter(Boolean);
  if (known.every((d) => have.includes(d))) return;
  for (const d of known) if (!have.includes(d)) select.append(el('option', { value: d, text: d }));
}
