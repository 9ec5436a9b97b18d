// The node client process of the ACP bench: the official SDK client (acp.client over experimental/ws-client or
// experimental/http-client), the same for the Relay and for the SDK's own AcpServer.
//   node client.mjs latency <url> <token> <ws|http> <calls> <warmup>     sequential one-chunk prompts on one session
//   node client.mjs stream  <url> <token> <ws|http> <clients> <prompts> <chunks>
//                                                                       each client: <prompts> x "stream <chunks>"
//   node client.mjs idle    <url> <token> <connections>                  opens that many ws connections, each with a
//                                                                       session; READY, then waits for CLOSE on stdin
// Prints RESULT {...} as JSON; exits 2 when its own time limit passes.
import * as acp from "@agentclientprotocol/sdk";
import { createWebSocketStream } from "@agentclientprotocol/sdk/experimental/ws-client";
import { createHttpStream } from "@agentclientprotocol/sdk/experimental/http-client";
import { WebSocket } from "ws";
import { createInterface } from "node:readline";

const [mode, url, token, ...rest] = process.argv.slice(2);
const timer = setTimeout(() => { console.error("client timed out"); process.exit(2); }, 600_000);

function stream(transport) {
  const headers = { Authorization: `Bearer ${token}` };
  return transport === "http"
    ? createHttpStream(url.replace(/^ws/, "http"), { headers })
    : createWebSocketStream(url.replace(/^http/, "ws"), { WebSocket, headers });
}

async function connect(transport, onChunk = () => {}) {
  const connection = acp.client({ name: "acp-bench" })
    .onNotification(acp.methods.client.session.update, () => onChunk())
    .connect(stream(transport));
  const agent = connection.agent;
  await agent.request(acp.methods.agent.initialize, {
    protocolVersion: 1, clientCapabilities: { fs: { readTextFile: false, writeTextFile: false }, terminal: false },
    clientInfo: { name: "acp-bench", version: "1.0.0" },
  });
  const { sessionId } = await agent.request(acp.methods.agent.session.new, { cwd: "/", mcpServers: [] });
  const prompt = (text) => agent.request(acp.methods.agent.session.prompt, { sessionId, prompt: [{ type: "text", text }] });
  return { connection, sessionId, prompt };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

if (mode === "latency") {
  const [transport, calls, warmup] = [rest[0], Number(rest[1]), Number(rest[2])];
  const c = await connect(transport);
  for (let i = 0; i < warmup; i++) await c.prompt(`w${i}`);
  const times = new Array(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    const r = await c.prompt(`p${i}`);
    times[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.stopReason !== "end_turn") throw new Error(`unexpected stopReason ${r.stopReason}`);
  }
  times.sort((a, b) => a - b);
  console.log(`RESULT ${JSON.stringify({ p50Ms: pct(times, 0.5), p99Ms: pct(times, 0.99), calls })}`);
  c.connection.close();
} else if (mode === "stream") {
  const [transport, clients, prompts, chunks] = [rest[0], Number(rest[1]), Number(rest[2]), Number(rest[3])];
  let received = 0;
  const all = await Promise.all(Array.from({ length: clients }, () => connect(transport, () => { received++; })));
  await Promise.all(all.map((c) => c.prompt("stream 10")));   // warm-up, not counted
  received = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(all.map(async (c) => { for (let i = 0; i < prompts; i++) await c.prompt(`stream ${chunks}`); }));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const expected = clients * prompts * chunks;
  if (received !== expected) throw new Error(`received ${received} chunks, expected ${expected}`);
  console.log(`RESULT ${JSON.stringify({ chunksPerSec: received / seconds, chunks: received, seconds })}`);
  for (const c of all) c.connection.close();
} else if (mode === "idle") {
  const n = Number(rest[0]);
  const open = [];
  // In batches, so neither server sees a thundering herd of initializes.
  for (let i = 0; i < n; i += 10) {
    open.push(...await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => connect("ws"))));
  }
  console.log(`READY ${open.length}`);
  await new Promise((resolve) => createInterface({ input: process.stdin }).on("line", (l) => { if (l.trim() === "CLOSE") resolve(); }));
  for (const c of open) c.connection.close();
  console.log("CLOSED");
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(1);
}
clearTimeout(timer);
process.exit(0);
