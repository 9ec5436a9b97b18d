// Runs protocol cases (cases.mjs) against a server:
//   node run.mjs --seed <ws url> [--challenge <ws url>] [--platform <agent>] [--only name,name] [--list]
// --seed: the server under the seed identity policy; --challenge: the same engine requiring the login challenge;
// --platform: the name of a platform agent the server (the Relay) serves as a member.
// Prints "PASS <case> <ms>" or "FAIL <case>: <why>" per case and exits 0 only if every case run passed.
import { cases } from './cases.mjs';

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
if (args.includes('--list')) {
  for (const name of Object.keys(cases)) console.log(name);
  process.exit(0);
}
const urls = { seed: opt('--seed'), challenge: opt('--challenge'), platform: opt('--platform'), token: opt('--token') };
const only = opt('--only')?.split(',');
const names = only ?? Object.keys(cases).filter((n) => (urls.challenge || !n.startsWith('challenge-')) && (urls.platform || !n.startsWith('platform-')));
let failed = 0;
for (const name of names) {
  const run = cases[name];
  if (!run) { console.log(`FAIL ${name}: no such case`); failed++; continue; }
  const started = Date.now();
  try {
    await Promise.race([
      run(urls),
      new Promise((_, reject) => setTimeout(() => reject(new Error('case timed out after 30 s')), 30000).unref()),
    ]);
    console.log(`PASS ${name} ${Date.now() - started}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${(e && e.stack) || e}`);
  }
}
process.exit(failed ? 1 : 0);
