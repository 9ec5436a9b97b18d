// Discovery: the AID TXT records the Registry publishes for public agents (one agent, or the zone).
import { state, on } from '../store.js';
import { el } from '../format.js';

const ALIASES = { v: 'version', u: 'uri', p: 'proto', a: 'auth', s: 'desc', d: 'docs', e: 'dep', k: 'pka', i: 'kid' };
let visible = false;

export function init() {
  document.getElementById('aid-form').addEventListener('submit', (e) => {
    e.preventDefault();
    lookup(document.getElementById('aid-name').value.trim());
  });
  document.getElementById('zone-refresh').addEventListener('click', loadZone);
  on('agents', renderNames);
}

export function setVisible(v) {
  visible = v;
  if (v) { renderNames(); loadZone(); }
}

function renderNames() {
  if (!visible) return;
  const names = [...new Set([...state.agents.values()].filter((a) => a.public).map((a) => a.name))].sort();
  document.getElementById('aid-names').replaceChildren(...names.slice(0, 500).map((n) => el('option', { value: n })));
}

async function loadZone() {
  const pre = document.getElementById('zone');
  try {
    const answer = await (await fetch('/api/discovery/zone')).json();
    pre.textContent = answer.status === 200 ? (answer.text || '; no public agents') : `; ${answer.unavailable ?? `the Registry answered ${answer.status}`}`;
  } catch (err) {
    pre.textContent = `; could not load the zone: ${err.message}`;
  }
}

/** Splits an AID TXT value into its key=value pairs (aliases spelled out); pure. */
export function parseAid(text) {
  return text.split(';').map((part) => part.trim()).filter(Boolean).map((part) => {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    return [ALIASES[key] ?? key, eq < 0 ? '' : part.slice(eq + 1).trim()];
  });
}

async function lookup(name) {
  const out = document.getElementById('aid-result');
  if (!name) return;
  let answer;
  try {
    const response = await fetch(`/api/discovery/agents/${encodeURIComponent(name)}`);
    answer = await response.json();
    if (!response.ok) throw new Error(answer.detail ?? String(response.status));
  } catch (err) {
    out.replaceChildren(el('div', { class: 'note bad', text: err.message }));
    return;
  }
  if (answer.status !== 200) {
    if (answer.unavailable) { out.replaceChildren(el('div', { class: 'note bad', text: answer.unavailable })); return; }
    const why = answer.status === 404 ? 'not registered, or not public' : answer.status === 409 ? 'no publishable record (no wss/https endpoint?)' : `status ${answer.status}`;
    out.replaceChildren(el('div', { class: 'note bad', text: `No record for ${name}: ${why}.` }));
    return;
  }
  const pairs = parseAid(answer.text);
  const uri = pairs.find(([k]) => k === 'uri')?.[1] ?? '';
  const proto = pairs.find(([k]) => k === 'proto')?.[1] ?? '';
  const notes = [];
  if (proto === 'websocket' && !uri.startsWith('wss://')) notes.push('a websocket record must use wss:// (clients refuse ws:// with ERR_SECURITY)');
  out.replaceChildren(
    el('pre', { 'data-testid': 'aid-text', text: answer.text }),
    el('table', { class: 'stats' }, el('tbody', {}, ...pairs.map(([k, v]) => el('tr', {}, el('td', { text: k }), el('td', { class: 'mono', text: v }))))),
    ...notes.map((n) => el('div', { class: 'note bad', text: n })));
}
