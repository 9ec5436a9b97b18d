// Entry point: theme, live stream, hash routing between the five views.
import { initTheme } from './theme.js';
import { connect } from './live.js';
import * as overview from './views/overview.js';
import * as agents from './views/agents.js';
import * as connections from './views/connections.js';
import * as invocations from './views/invocations.js';
import * as discovery from './views/discovery.js';

const views = { overview, agents, connections, invocations, discovery };
let current = null;

function route() {
  const name = (location.hash.replace(/^#\/?/, '').split('/')[0]) || 'overview';
  const target = views[name] ? name : 'overview';
  if (target === current) return;
  current = target;
  for (const [n, view] of Object.entries(views)) {
    const section = document.getElementById(`view-${n}`);
    section.hidden = n !== target;
    document.querySelector(`.tabs a[data-view="${n}"]`)?.toggleAttribute('aria-current', n === target);
    if (n === target) document.querySelector(`.tabs a[data-view="${n}"]`)?.setAttribute('aria-current', 'page');
    view.setVisible?.(n === target);
  }
}

initTheme(document.getElementById('theme'));
for (const view of Object.values(views)) view.init();
window.addEventListener('hashchange', route);
route();
connect(document.getElementById('live'));
