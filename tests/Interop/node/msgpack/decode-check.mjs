// Decodes MessagePack written by the C# codec and compares each value with the canonical form C# computed.
// Input: a file of JSON lines {"hex": "...", "canon": ...}. Output: one JSON line {"count", "failures": [...]}.
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { canonical } from "./canonical.mjs";
import { decoder } from "./codec.mjs";

const lines = readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.length > 0);
const failures = [];
for (const [i, line] of lines.entries()) {
  const { hex, canon } = JSON.parse(line);
  try {
    const actual = canonical(decoder.decode(Buffer.from(hex, "hex")));
    if (!isDeepStrictEqual(actual, canon)) failures.push({ i, hex, expected: canon, actual });
  } catch (err) {
    failures.push({ i, hex, error: String(err) });
  }
  if (failures.length >= 10) break;
}
console.log(JSON.stringify({ count: lines.length, failures }));
