// An MCP server from @modelcontextprotocol/sdk in its own process, one `echo` tool, Streamable HTTP.
// node mcp-server.mjs json|sse  ->  prints READY {"port":N,"statsPort":M}
// json: stateless, plain JSON response bodies (the cheapest way MCP can answer a call).
// sse:  the SDK's default shape, a session (mcp-session-id) and responses as an SSE stream.
// GET http://127.0.0.1:<statsPort>/bytes answers the TCP bytes (read + written) of the MCP port's sockets so far;
// the stats port is a separate listener, so asking does not count.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const mode = process.argv[2] ?? 'json';
if (mode !== 'json' && mode !== 'sse') throw new Error('mode must be json or sse');

function newServer() {
  const server = new McpServer({ name: 'bench', version: '1.0.0' });
  server.tool('echo', { text: z.string() }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
  return server;
}

const sessions = new Map();
const mcp = http.createServer(async (req, res) => {
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
let closedBytes = 0;
const open = new Set();
mcp.on('connection', (s) => {
  open.add(s);
  s.on('close', () => { open.delete(s); closedBytes += s.bytesRead + s.bytesWritten; });
});
const stats = http.createServer((req, res) => {
  const bytes = closedBytes + [...open].reduce((n, s) => n + s.bytesRead + s.bytesWritten, 0);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes }));
});
await new Promise((r) => mcp.listen(0, '127.0.0.1', r));
await new Promise((r) => stats.listen(0, '127.0.0.1', r));
console.log(`READY {"port":${mcp.address().port},"statsPort":${stats.address().port}}`);
const stop = () => { mcp.close(); stats.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
