// The browser's copy of the dashboard state, fed by the live stream (/api/live).
// Views subscribe to topics; updates are coalesced to one notification per animation frame.

const listeners = new Map();
const pending = new Set();
let scheduled = false;

export const state = {
  overview: null,
  series: [],
  agents: new Map(),        // key "name/instanceId" -> instance
  history: [],              // newest first
  invocations: [],          // newest first
  invocationIndex: new Map(),
  recentlyChanged: new Map(), // key -> time of the last change, to flash rows
};

const MAX_INVOCATIONS = 1000;
const MAX_HISTORY = 500;

export function on(topic, fn) {
  if (!listeners.has(topic)) listeners.set(topic, new Set());
  listeners.get(topic).add(fn);
}

export function notify(topic) {
  pending.add(topic);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    const topics = [...pending];
    pending.clear();
    for (const t of topics) for (const fn of listeners.get(t) ?? []) fn();
  });
}

export function applySnapshot(s) {
  state.overview = s.overview;
  state.series = s.series ?? [];
  replaceAgents(s.agents ?? [], s.history ?? []);
  state.invocations = [];
  state.invocationIndex.clear();
  for (const inv of (s.invocations ?? []).slice().reverse()) upsertInvocation(inv);
  notify('overview'); notify('agents'); notify('invocations');
}

export function replaceAgents(agents, history) {
  state.agents.clear();
  for (const a of agents) state.agents.set(keyOf(a), a);
  if (history) state.history = history.slice(0, MAX_HISTORY);
  notify('agents');
}

export function applyAgentChange(change) {
  const inst = change.instance;
  const key = keyOf(inst);
  if (change.kind === 'removed') state.agents.delete(key);
  else state.agents.set(key, inst);
  state.recentlyChanged.set(key, Date.now());
  if (change.history) {
    state.history.unshift(change.history);
    if (state.history.length > MAX_HISTORY) state.history.length = MAX_HISTORY;
  }
  notify('agents');
}

export function applyHeartbeats(list) {
  for (const h of list) {
    const a = state.agents.get(h.key);
    if (a) a.lastHeartbeat = h.lastHeartbeat;
  }
  notify('agents');
}

export function upsertInvocation(inv) {
  const existing = state.invocationIndex.get(inv.id);
  if (existing) {
    Object.assign(existing, inv);
  } else {
    state.invocations.unshift(inv);
    state.invocationIndex.set(inv.id, inv);
    if (state.invocations.length > MAX_INVOCATIONS) {
      const dropped = state.invocations.pop();
      state.invocationIndex.delete(dropped.id);
    }
  }
  notify('invocations');
}

export function applyOverview(o) {
  state.overview = o;
  if (o.point) {
    const last = state.series[state.series.length - 1];
    if (!last || last.t !== o.point.t) state.series.push(o.point);
    const windowMs = 15 * 60 * 1000;
    const cutoff = o.point.t - windowMs;
    while (state.series.length && state.series[0].t < cutoff) state.series.shift();
  }
  notify('overview');
}

export function keyOf(instance) {
  return `${instance.name}/${instance.instanceId}`;
}
