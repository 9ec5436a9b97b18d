// The asp-v1 spec's worked examples, checked with @msgpack/msgpack. Input: a JSON file
// [{"name", "hex", "json"}] extracted from docs/protocol/asp-v1.md. For each example: the body (after the
// opcode byte) must decode to exactly the documented JSON; and the documented JSON, encoded by
// @msgpack/msgpack behind the same opcode, is printed back so the C# codec can parse it.
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { decode, encode } from "@msgpack/msgpack";

const examples = JSON.parse(readFileSync(process.argv[2], "utf8"));
const failures = [];
const reencoded = {};
for (const { name, hex, json } of examples) {
  const bytes = Buffer.from(hex, "hex");
  const documented = JSON.parse(json);
  try {
    const decoded = decode(bytes.subarray(1));
    if (!isDeepStrictEqual(decoded, documented)) failures.push({ name, documented, decoded });
  } catch (err) {
    failures.push({ name, error: String(err) });
  }
  reencoded[name] = Buffer.concat([bytes.subarray(0, 1), Buffer.from(encode(documented))]).toString("hex");
}
console.log(JSON.stringify({ count: examples.length, failures, reencoded }));
