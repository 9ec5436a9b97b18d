// Checks every AID record an AgentPlatform Registry publishes with the reference parser (@agentcommunity/aid).
// Usage: node validate-registry-records.mjs <registryBaseUrl>
// Prints one JSON line per record ({source, name, ok, record|error}) and exits 1 if any record is rejected.
import { parse, canonicalizeRaw, AidRecordValidator } from '@agentcommunity/aid';

const base = process.argv[2];
if (!base) {
  console.error('usage: validate-registry-records.mjs <registryBaseUrl>');
  process.exit(2);
}

let failures = 0;
let checked = 0;
function check(source, name, fn) {
  checked++;
  try {
    const record = fn();
    console.log(JSON.stringify({ source, name, ok: true, record }));
  } catch (e) {
    failures++;
    console.log(JSON.stringify({ source, name, ok: false, error: e.errorCode ?? String(e), message: e.message }));
  }
}

// 1. Each agent's TXT value.
const agents = (await (await fetch(`${base}/v1/agents`)).json()).agents;
for (const agent of agents) {
  const res = await fetch(`${base}/v1/agents/${encodeURIComponent(agent.name)}/aid`);
  if (res.status !== 200) continue; // not public or not publishable: nothing is published
  const txt = await res.text();
  check('aid', agent.name, () => parse(txt));
}

// 2. The zone fragment: owner TTL IN TXT "s1" "s2" ...; strings concatenate; \DDD escapes are bytes.
function unquote(rest) {
  const bytes = [];
  const re = /"((?:[^"\\]|\\[0-9]{3}|\\.)*)"/g;
  let m;
  while ((m = re.exec(rest)) !== null) {
    const s = m[1];
    for (let i = 0; i < s.length; i++) {
      if (s[i] === '\\' && /^[0-9]{3}$/.test(s.slice(i + 1, i + 4))) {
        bytes.push(parseInt(s.slice(i + 1, i + 4), 10));
        i += 3;
      } else if (s[i] === '\\') {
        bytes.push(s.charCodeAt(++i));
      } else {
        bytes.push(...Buffer.from(s[i], 'utf8'));
      }
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
const zone = await (await fetch(`${base}/v1/aid/zone`)).text();
for (const line of zone.split('\n')) {
  if (!line || line.startsWith(';')) continue;
  const m = /^(\S+)\s+(\d+)\s+IN\s+TXT\s+(.*)$/.exec(line);
  if (!m) {
    failures++;
    console.log(JSON.stringify({ source: 'zone', name: line, ok: false, error: 'unparseable zone line' }));
    continue;
  }
  check('zone', m[1], () => parse(unquote(m[3])));
}

// 3. The .well-known fallback JSON, validated the way the library's fallback does.
const wk = await fetch(`${base}/.well-known/agent`);
if (wk.status === 200) {
  const ct = wk.headers.get('content-type') || '';
  if (!ct.toLowerCase().startsWith('application/json')) {
    failures++;
    console.log(JSON.stringify({ source: 'well-known', ok: false, error: `content-type ${ct}` }));
  } else {
    const json = await wk.json();
    check('well-known', '', () => AidRecordValidator.validate(canonicalizeRaw(json)));
  }
}

console.log(JSON.stringify({ checked, failures }));
process.exit(failures === 0 ? 0 : 1);
