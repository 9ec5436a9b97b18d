// MCP Streamable HTTP tools/call, server and client from @modelcontextprotocol/sdk, on loopback.
// node mcp-bench.mjs <calls> <warmup> <payloadBytes> [json|sse]  ->  prints one JSON line {p50Ms, p99Ms, bytesPerCall, calls}
// json: stateless server answering with plain JSON bodies, the cheapest way MCP can answer a call.
// sse:  the SDK's default server shape, a session (mcp-session-id) and responses as an SSE stream, which is what
//       MCP needs for what asp-v1 does on every call (progress streaming, server-to-client requests).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { z } from 'zod';

const [calls = 2000, warmup = 200, size = 256] = process.argv.slice(2, 5).map(Number);
const mode = process.argv[5] ?? 'json';
if (mode !== 'json' && mode !== 'sse') throw new Error('mode must be json or sse');

function newServer() {
  const server = new McpServer({ name: 'bench', version: '1.0.0' });
  server.tool('echo', { text: z.string() }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  return server;
}

const sessions = new Map();
const httpServer = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
  if (mode === 'json') {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    const server = newServer();
    res.on('close', () => { transport.close(); server.close(); });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
    return;
  }
  let transport = sessions.get(req.headers['mcp-session-id']);
  if (!transport) {
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => sessions.set(id, transport),
    });
    await newServer().connect(transport);
  }
  await transport.handleRequest(req, res, body);
});
let wireBytes = 0;
httpServer.on('connection', (socket) => socket.on('close', () => { wireBytes += socket.bytesRead + socket.bytesWritten; }));
const openSockets = new Set();
httpServer.on('connection', (s) => { openSockets.add(s); s.on('close', () => openSockets.delete(s)); });
await new Promise((r) => httpServer.listen(0, '127.0.0.1', r));
const url = new URL(`http://127.0.0.1:${httpServer.address().port}/mcp`);

const client = new Client({ name: 'bench-client', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(url));
const text = 'x'.repeat(size);
for (let i = 0; i < warmup; i++) await client.callTool({ name: 'echo', arguments: { text } });

const liveBytes = () => [...openSockets].reduce((n, s) => n + s.bytesRead + s.bytesWritten, 0);
const before = wireBytes + liveBytes();
const times = [];
for (let i = 0; i < calls; i++) {
  const t0 = process.hrtime.bigint();
  const r = await client.callTool({ name: 'echo', arguments: { text } });
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (r.content[0].text.length !== size) throw new Error('bad echo');
}
const after = wireBytes + liveBytes();
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
console.log(JSON.stringify({ p50Ms: pct(0.5), p99Ms: pct(0.99), bytesPerCall: (after - before) / calls, calls }));
await client.close();
httpServer.close();
process.exit(0);
