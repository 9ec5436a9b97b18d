// The canonical, type-tagged JSON form both sides compute for a MessagePack value, so that values decoded in
// JavaScript and in C# can be compared exactly (JSON alone would lose int vs float, binary, extensions, 64-bit ints).
//   nil -> null; bool -> true/false; number -> {"n": decimal} when an integer within +-(2^53-1) (or any 64-bit
//   integer, from bigint), {"n": "nan"} for NaN, otherwise {"f": 16 hex digits of the float64 bits};
//   str -> {"s": text}; bin -> {"b": hex}; ext -> {"x": type, "d": hex}; timestamp -> {"t": [seconds, nanoseconds]};
//   array -> [...]; map -> {"m": [[key, value], ...]} in encoded order.
import { ExtData } from "@msgpack/msgpack";

export class TimeSpec {
  constructor(sec, nsec) { this.sec = sec; this.nsec = nsec; }
}

const hex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");

function float64Bits(value) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return hex(new Uint8Array(view.buffer));
}

export function canonical(value) {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "boolean": return value;
    case "bigint": return { n: value.toString() };
    case "number":
      if (Number.isNaN(value)) return { n: "nan" };
      if (Number.isSafeInteger(value)) return { n: String(value) };
      return { f: float64Bits(value) };
    case "string": return { s: value };
  }
  if (value instanceof Uint8Array) return { b: hex(value) };
  if (value instanceof ExtData) return { x: value.type, d: hex(value.data) };
  if (value instanceof TimeSpec) return { t: [String(value.sec), value.nsec] };
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object") return { m: Object.entries(value).map(([k, v]) => [{ s: k }, canonical(v)]) };
  throw new Error("no canonical form for " + typeof value);
}
