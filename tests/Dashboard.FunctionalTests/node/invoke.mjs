// An asp-v1 client made of the npm `ws` and `@msgpack/msgpack` packages: HELLO, then N INVOKEs one after
// another, printing one line per outcome, then holds the connection open so it shows in the dashboard.
// usage: node invoke.mjs <ws-url> <token> <agent> <count> <holdMs> [gapMs]
import WebSocket from 'ws';
import { encode, decode } from '@msgpack/msgpack';

const [url, token, agent, countArg, holdArg, gapArg] = process.argv.slice(2);
const gapMs = Number(gapArg ?? 0);
const count = Number(countArg ?? 1);
const holdMs = Number(holdArg ?? 0);
const frame = (op, body) => Buffer.concat([Buffer.from([op]), Buffer.from(encode(body))]);

const ws = new WebSocket(url, 'asp-v1', { headers: { Authorization: `Bearer ${token}` } });
const waiting = new Map();
let onHello;
const hello = new Promise((resolve) => { onHello = resolve; });

ws.on('message', (data) => {
  const op = data[0];
  const body = decode(data.subarray(1));
  if (op === 0x01) onHello(body);
  else if (op === 0x06 || op === 0x07) waiting.get(body.id)?.({ op, body });
});
ws.on('error', (err) => { console.log(`FAIL ${err.message}`); process.exit(2); });
ws.on('close', (code) => { if (!closing) { console.log(`FAIL closed ${code}`); process.exit(3); } });
let closing = false;

await new Promise((resolve) => ws.once('open', resolve));
ws.send(frame(0x01, { v: 1, caps: ['stream'] }));
const server = await hello;
console.log(`READY ${server.cid}`);
for (let i = 0; i < count; i++) {
  const id = `dash-${process.pid}-${i}`;
  const done = new Promise((resolve) => waiting.set(id, resolve));
  ws.send(frame(0x02, { id, agent, input: `hello ${i}` }));
  const { op, body } = await done;
  if (op === 0x06) console.log(`DONE ${id} completed ${body.metrics?.durationMs ?? ''}`);
  else console.log(`DONE ${id} failed ${body.code}`);
  if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
}
console.log('HOLDING');
await new Promise((resolve) => setTimeout(resolve, holdMs));
closing = true;
ws.close(1000);
console.log('CLOSED');
