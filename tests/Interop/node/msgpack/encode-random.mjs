// Generates random values in JavaScript, encodes them with @msgpack/msgpack and prints JSON lines
// {"hex": "...", "canon": ...} for the C# codec to decode and compare. Args: count seed.
import { ExtData } from "@msgpack/msgpack";
import { canonical, TimeSpec } from "./canonical.mjs";
import { encoder } from "./codec.mjs";

const count = Number(process.argv[2] ?? 1000);
let state = Number(process.argv[3] ?? 1) >>> 0;
// mulberry32: a small seeded generator, so a failing run can be replayed.
function next() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(next() * n);
const pick = (items) => items[int(items.length)];

const boundaries = [0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, -1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
const lengths = [0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536];

function text(length) {
  const alphabet = ["a", "Z", "0", " ", "é", "ß", "日", "本", "😀", "\u0000", "\n", "\""];
  let s = "";
  while (s.length < length) s += pick(alphabet);
  return s;
}

function bytes(length) {
  const b = new Uint8Array(length);
  for (let i = 0; i < length; i++) b[i] = int(256);
  return b;
}

function scalar() {
  switch (int(13)) {
    case 0: return null;
    case 1: return next() < 0.5;
    case 2: return pick(boundaries);
    case 3: return int(2 ** 31) - 2 ** 30;
    case 4: return BigInt.asIntN(64, BigInt(int(2 ** 32)) << 32n | BigInt(int(2 ** 32)));
    case 5: return BigInt.asUintN(64, BigInt(int(2 ** 32)) << 32n | BigInt(int(2 ** 32)));
    case 6: return (next() - 0.5) * 10 ** (int(40) - 20);
    case 7: return pick([0.5, -1.5, 1e300, -1e-300, Infinity, -Infinity, NaN, 2 ** 53 + 2, 5e-324]);
    case 8: return text(int(40));
    case 9: return text(pick(lengths));
    case 10: return bytes(next() < 0.8 ? int(40) : pick(lengths));
    case 11: { const n = pick([1, 2, 4, 8, 16, 0, 3, 17, 300]); return new ExtData(int(128), bytes(n)); }
    default:
      return pick([
        new TimeSpec(int(2 ** 32), 0),
        new TimeSpec(int(2 ** 34), int(1e9)),
        new TimeSpec(-int(2 ** 40) - 1, int(1e9)),
        new TimeSpec(2 ** 34 + int(2 ** 40), int(1e9)),
      ]);
  }
}

function value(depth) {
  const roll = next();
  if (depth >= 4 || roll < 0.6) return scalar();
  if (roll < 0.8) return Array.from({ length: int(7) }, () => value(depth + 1));
  const object = {};
  // Keys that are not array indexes: JavaScript objects keep those in insertion order.
  for (let i = int(7); i > 0; i--) object["k" + text(int(6))] = value(depth + 1);
  return object;
}

const out = [];
for (let i = 0; i < count; i++) {
  const v = value(0);
  out.push(JSON.stringify({ hex: Buffer.from(encoder.encode(v)).toString("hex"), canon: canonical(v) }));
}
process.stdout.write(out.join("\n") + "\n");
