// The official ACP SDK's client transports (WebSocket and Streamable HTTP) against the Relay's /acp with the in-test agent:
// prints one JSON line per transport with what the client saw, in order. Args: <relay base URL> <token>.
import { WebSocket } from "ws";
import { createWebSocketStream } from "@agentclientprotocol/sdk/experimental/ws-client";
import { createHttpStream } from "@agentclientprotocol/sdk/experimental/http-client";
const [, , base, token] = process.argv;
async function run(stream) {
  const w = stream.writable.getWriter();
  const r = stream.readable.getReader();
  const out = [];
  const next = async () => { const { value, done } = await r.read(); if (done) throw new Error("ended"); out.push(value); return value; };
  const until = async (pred) => { for (let i = 0; i < 200; i++) { const m = await next(); if (pred(m)) return m; } throw new Error("not found"); };
  await w.write({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: 1, clientCapabilities: {}, _meta: { "agentplatform/replay": true } } });
  const init = await until((m) => m.id === 0 && !m.method);
  await w.write({ jsonrpc: "2.0", id: 1, method: "session/new", params: { cwd: "/", mcpServers: [] } });
  const sid = (await until((m) => m.id === 1 && !m.method)).result.sessionId;
  await w.write({ jsonrpc: "2.0", id: 2, method: "session/prompt", params: { sessionId: sid, prompt: [], count: 2 } });
  await until((m) => m.id === 2 && !m.method);
  await w.write({ jsonrpc: "2.0", id: 3, method: "test/ask", params: { sessionId: sid } });
  const ask = await until((m) => m.method === "session/request_permission");
  await w.write({ jsonrpc: "2.0", id: ask.id, result: { outcome: { outcome: "selected", optionId: "x" } } });
  await until((m) => m.method === "test/answered");
  await w.write({ jsonrpc: "2.0", method: "_agentplatform/ack", params: { sessionId: sid, seq: 2 } });
  await w.close().catch(() => {});
  return { replay: init.result._meta, seen: out.map((m) => (m.method ?? "response " + m.id) + (m.params?._meta ? " seq " + m.params._meta["agentplatform/seq"] : "")) };
}
const ws = await run(createWebSocketStream(base.replace("http", "ws") + "/acp", { WebSocket, headers: { Authorization: "Bearer " + token } }));
console.log("ws", JSON.stringify(ws));
const http = await run(createHttpStream(base + "/acp", { headers: { Authorization: "Bearer " + token } }));
console.log("http", JSON.stringify(http));
process.exit(0);
