// The live stream: one EventSource to /api/live. On reconnect the server sends a fresh snapshot,
// so a dropped connection costs a moment, never a change.
import * as store from './store.js';

export function connect(indicator) {
  const source = new EventSource('/api/live');
  const setState = (s, label) => {
    indicator.dataset.state = s;
    indicator.querySelector('span').textContent = label;
  };
  const handlers = {
    snapshot: (d) => store.applySnapshot(d),
    agents: (d) => store.replaceAgents(d.agents, d.history),
    agent: (d) => store.applyAgentChange(d),
    heartbeats: (d) => store.applyHeartbeats(d),
    invocation: (d) => store.upsertInvocation(d),
    overview: (d) => store.applyOverview(d),
    connection: () => store.notify('connections'),
    source: () => store.notify('overview'),
  };
  for (const [type, fn] of Object.entries(handlers)) {
    source.addEventListener(type, (e) => {
      let data;
      try { data = JSON.parse(e.data); } catch { return; }
      fn(data);
    });
  }
  source.addEventListener('open', () => setState('open', 'live'));
  source.addEventListener('error', () => setState(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting', 'reconnecting'));
  return source;
}
