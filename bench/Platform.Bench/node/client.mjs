// The node client process of the run: sequential calls after a warm-up, one connection, 256-byte payload.
//   node client.mjs ws   <ws-url> <calls> <warmup>                      raw WebSocket echo (binary)
//   node client.mjs post <http-url> <calls> <warmup>                   node:http keep-alive POST echo
//   node client.mjs asp  <ws-url> <token> <agent> <calls> <warmup>     asp-v1 (ws + @msgpack/msgpack): HELLO, then
//                                                                      INVOKE {binary 256 B} until COMPLETE
//   node client.mjs mcp  <mcp-url> <stats-url> <calls> <warmup>        MCP SDK client tools/call echo (256-char text)
// Prints RESULT {"p50Ms","p99Ms","bytesPerCall"}. WebSocket bytes are counted at the client with their RFC 6455
// headers (client masks included); MCP bytes are the TCP bytes of its server's sockets (asked from the server).
import http from 'node:http';
import WebSocket from 'ws';
import { encode, decode } from '@msgpack/msgpack';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [mode, ...rest] = process.argv.slice(2);
const SIZE = 256;
const payload = new Uint8Array(SIZE);
const timer = setTimeout(() => { console.error('client timed out'); process.exit(2); }, 240_000);

const wire = (n, fromClient) => 2 + (n >= 65536 ? 8 : n >= 126 ? 2 : 0) + (fromClient ? 4 : 0) + n;

async function measure(calls, warmup, call, bytesNow) {
  for (let i = 0; i < warmup; i++) await call(i);
  const before = await bytesNow();
  const times = new Array(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = process.hrtime.bigint();
    await call(warmup + i);
    times[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const after = await bytesNow();
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
  return { p50Ms: pct(0.5), p99Ms: pct(0.99), bytesPerCall: before === null ? null : (after - before) / calls };
}

// One WebSocket whose next message resolves a promise; counts wire bytes both ways.
async function openSocket(url, protocols, headers) {
  const ws = new WebSocket(url, protocols, { headers, perMessageDeflate: false });
  ws.binaryType = 'nodebuffer';
  let bytes = 0;
  let waiter = null;
  const queue = [];
  ws.on('message', (data) => {
    bytes += wire(data.length, false);
    if (waiter) { const w = waiter; waiter = null; w(data); } else queue.push(data);
  });
  ws.on('close', (code) => { if (waiter) { console.error('socket closed ' + code); process.exit(3); } });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  return {
    send(buf) { bytes += wire(buf.length, true); return new Promise((r, j) => ws.send(buf, { binary: true }, (e) => (e ? j(e) : r()))); },
    next() { return queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => { waiter = r; }); },
    bytes: () => bytes,
    close: () => ws.close(1000),
  };
}

function frame(opcode, body) {
  const p = encode(body);
  const out = new Uint8Array(p.length + 1);
  out[0] = opcode;
  out.set(p, 1);
  return out;
}

let result;
if (mode === 'ws') {
  const [url, calls, warmup] = rest;
  const s = await openSocket(url);
  result = await measure(+calls, +warmup, async () => { await s.send(payload); await s.next(); }, async () => s.bytes());
  s.close();
} else if (mode === 'post') {
  const [url, calls, warmup] = rest;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const u = new URL(url);
  const post = () => new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/octet-stream', 'content-length': SIZE } }, (res) => {
      let n = 0;
      res.on('data', (c) => { n += c.length; });
      res.on('end', () => (n === SIZE ? resolve() : reject(new Error('bad echo ' + n))));
    });
    req.on('error', reject);
    req.end(payload);
  });
  result = await measure(+calls, +warmup, post, async () => null);
  agent.destroy();
} else if (mode === 'asp') {
  const [url, token, agentName, calls, warmup] = rest;
  const s = await openSocket(url, ['asp-v1'], { Authorization: `Bearer ${token}` });
  await s.send(frame(0x01, { v: 1, caps: ['stream'] }));
  const hello = await s.next();
  if (hello[0] !== 0x01) throw new Error('expected HELLO, got opcode ' + hello[0]);
  const invoke = async (i) => {
    await s.send(frame(0x02, { id: 'n' + i, agent: agentName, input: payload }));
    for (;;) {
      const f = await s.next();
      if (f[0] === 0x06) return;
      if (f[0] === 0x07) throw new Error('ERROR frame: ' + JSON.stringify(decode(f.subarray(1))));
    }
  };
  result = await measure(+calls, +warmup, invoke, async () => s.bytes());
  s.close();
} else if (mode === 'mcp') {
  const [url, statsUrl, calls, warmup] = rest;
  const client = new Client({ name: 'bench-client', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const text = 'x'.repeat(SIZE);
  const call = async () => {
    const r = await client.callTool({ name: 'echo', arguments: { text } });
    if (r.content[0].text.length !== SIZE) throw new Error('bad echo');
  };
  const stats = async () => (await (await fetch(statsUrl)).json()).bytes;
  result = await measure(+calls, +warmup, call, stats);
  await client.close();
} else {
  throw new Error('mode must be ws, post, asp or mcp');
}
clearTimeout(timer);
console.log('RESULT ' + JSON.stringify(result));
process.exit(0);
