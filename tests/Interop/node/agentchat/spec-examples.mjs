// Replays the executable examples of docs/protocol/agentchat.md (section "Examples") against a server:
//   node spec-examples.mjs --seed <ws url> [--challenge <ws url>] [--doc <path>] [--only name,name] [--list]
// The format of an example is defined in that section; this file implements exactly that definition.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { ChatConnection, Identity, signing } from './client.mjs';

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const doc = fs.readFileSync(opt('--doc') ?? 'docs/protocol/agentchat.md', 'utf8');

/** Every `<!-- example: name [policy=challenge] -->` followed by a fenced block. */
export function parseExamples(text) {
  const out = [];
  const re = /<!-- example: ([a-z0-9-]+)((?: [a-z]+=[a-z]+)*) -->\s*\n```[a-z]*\n([\s\S]*?)\n```/g;
  for (const m of text.matchAll(re)) {
    const attrs = Object.fromEntries(m[2].trim().split(/\s+/).filter(Boolean).map((kv) => kv.split('=')));
    const steps = m[3].split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//')).map((line) => {
      const s = /^([a-z]+) (->|<-) (.*)$/.exec(line);
      if (!s) throw new Error(`example ${m[1]}: cannot read line: ${line}`);
      return { actor: s[1], dir: s[2], json: s[3] };
    });
    out.push({ name: m[1], policy: attrs.policy ?? 'seed', steps });
  }
  return out;
}

const examples = parseExamples(doc);
if (args.includes('--list')) {
  for (const e of examples) console.log(e.name);
  process.exit(0);
}

async function replay(example, url) {
  const suffix = crypto.randomBytes(3).toString('hex');
  const vars = new Map();
  const actors = new Map(); // name -> {conn, identity, challenge}
  const actor = async (name) => {
    if (!actors.has(name)) actors.set(name, { conn: await ChatConnection.open(url, name), identity: null, challenge: null });
    return actors.get(name);
  };
  const identityOf = (name) => {
    const a = actors.get(name);
    a.identity ??= Identity.generate(name);
    return a.identity;
  };
  // Channels other than the two default ones get a per-run suffix, so runs and parallel tests do not meet.
  const localize = (json) => json.replace(/#(?!general\b|agents\b)([A-Za-z0-9_-]+)/g, `#$1${suffix}`);
  const ours = () => new Set([...vars.values()].filter((v) => typeof v === 'string' && v.startsWith('@')));
  try {
    for (const step of example.steps) {
      const a = await actor(step.actor);
      const frame = JSON.parse(localize(step.json));
      if (step.dir === '->') {
        a.conn.send(fillSend(frame, step.actor, a));
        continue;
      }
      const expected = frame;
      // Frames about agents outside the example (other tests on a shared server) and unexpected replays are noise.
      const noise = (f) => {
        if (expected.replay === undefined && f.replay === true) return true;
        const who = f.type === 'MSG' ? f.from : (f.type === 'AGENT_JOINED' || f.type === 'AGENT_LEFT') ? f.agent : null;
        return who != null && who.startsWith('@') && !ours().has(who) && !isVar(expected.from ?? expected.agent);
      };
      const got = await a.conn.next((f) => !noise(f), 5000, `${step.actor} <- ${step.json}`);
      if (got.type === 'CHALLENGE') a.challenge = got;
      const why = match(expected, got, vars, 'frame');
      if (why) throw new Error(`${step.actor} <- expected ${step.json}\n  got ${JSON.stringify(got)}\n  ${why}`);
    }
  } finally {
    for (const a of actors.values()) a.conn.close();
  }

  function fillSend(frame, name, a) {
    const walk = (v) => {
      if (typeof v === 'string') {
        if (v === '$now') return Date.now();
        if (v === `$pubkey`) return identityOf(name).pubkey;
        if (/^\$[a-z0-9_]+$/.test(v) && vars.has(v.slice(1))) return vars.get(v.slice(1));
        return v;
      }
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    const f = walk(frame);
    const signKey = f.sig === '$sign' ? 'sig' : f.signature === '$sign' ? 'signature' : null;
    if (signKey) f[signKey] = identityOf(name).sign(signingText(f, a));
    return f;
  }
}

function signingText(f, a) {
  switch (f.type) {
    case 'MSG': return signing.msg(f.to, f.content, f.ts);
    case 'PROPOSAL': return signing.proposal(f);
    case 'ACCEPT': return signing.accept(f.proposal_id, f.payment_code);
    case 'REJECT': return signing.reject(f.proposal_id, f.reason);
    case 'COMPLETE': return signing.complete(f.proposal_id, f.proof);
    case 'DISPUTE': return signing.dispute(f.proposal_id, f.reason);
    case 'VERIFY_IDENTITY': return signing.auth(a.challenge.nonce, f.challenge_id, f.timestamp);
    default: throw new Error(`no signing text for ${f.type}`);
  }
}

const isVar = (v) => typeof v === 'string' && /^\$[a-z0-9_]+$/.test(v);

/** Null when `got` matches the pattern `expected`; else why not. Binds unbound $variables. */
function match(expected, got, vars, where) {
  if (isVar(expected)) {
    const name = expected.slice(1);
    if (!vars.has(name)) {
      if (got === undefined) return `${where}: missing (to bind $${name})`;
      vars.set(name, got);
      return null;
    }
    expected = vars.get(name);
  }
  if (expected === '*') return got === undefined ? `${where}: missing` : null;
  if (typeof expected === 'string' && expected.includes('$')) {
    expected = expected.replace(/\$([a-z0-9_]+)/g, (m, n) => (vars.has(n) ? vars.get(n) : m));
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length) return `${where}: expected ${expected.length} items, got ${JSON.stringify(got)}`;
    // Order of member lists is not specified: compare as multisets after binding.
    const resolved = expected.map((e) => (isVar(e) && vars.has(e.slice(1)) ? vars.get(e.slice(1)) : e));
    const a = JSON.stringify([...resolved].map((x) => JSON.stringify(x)).sort());
    const b = JSON.stringify([...got].map((x) => JSON.stringify(x)).sort());
    return a === b ? null : `${where}: expected ${JSON.stringify(resolved)} in any order, got ${JSON.stringify(got)}`;
  }
  if (expected && typeof expected === 'object') {
    if (!got || typeof got !== 'object') return `${where}: expected an object`;
    for (const [k, v] of Object.entries(expected)) {
      const why = match(v, got[k], vars, `${where}.${k}`);
      if (why) return why;
    }
    return null;
  }
  return Object.is(expected, got) ? null : `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`;
}

const urls = { seed: opt('--seed'), challenge: opt('--challenge') };
const only = opt('--only')?.split(',');
let failed = 0;
for (const example of examples.filter((e) => !only || only.includes(e.name))) {
  const url = urls[example.policy];
  if (!url) { console.log(`SKIP ${example.name}: no --${example.policy} server`); continue; }
  try {
    await replay(example, url);
    console.log(`PASS ${example.name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${example.name}: ${e.message}`);
  }
}
if (only) for (const n of only) if (!examples.some((e) => e.name === n)) { console.log(`FAIL ${n}: no such example`); failed++; }
process.exit(failed ? 1 : 0);
