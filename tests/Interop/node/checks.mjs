// What every interop script shares: --name value arguments, checks that print PASS/FAIL lines, a bounded wait.
// A script exits 0 (finish) only when all of its checks passed.

/** Parses `--name value` pairs; throws `usage` when a required argument (`required`) is missing. */
export function args(required = [], usage = "") {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, "")] = argv[i + 1];
  for (const name of required) if (!out[name]) throw new Error(usage || `usage: --${name} <value> is required`);
  return out;
}

let failures = 0;

export function check(name, condition, detail = "") {
  if (condition) {
    console.log(`PASS ${name}`);
  } else {
    failures++;
    console.log(`FAIL ${name} ${detail}`);
  }
}

export function finish() {
  console.log(failures === 0 ? "ALL PASSED" : `${failures} FAILED`);
  process.exit(failures === 0 ? 0 : 1);
}

export async function waitFor(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const delay = (ms) => new Promise((r) => setTimeout(r, ms));
