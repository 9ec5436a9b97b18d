// An asp-v1 peer written only with the official npm packages `ws` and `@msgpack/msgpack`, to prove the Relay
// against an implementation that shares no code with it.
//   node peer.mjs client <ws-url> <token> <agent>     HELLO, INVOKE {text, n, big, bin}, print every frame as JSON lines
//   node peer.mjs provider <ws-url> <token> <agent>   HELLO as provider, answer each INVOKE with STREAM + COMPLETE
import WebSocket from 'ws';
import { encode, decode } from '@msgpack/msgpack';

const [mode, url, token, agent] = process.argv.slice(2);
const NAMES = { 1: 'HELLO', 2: 'INVOKE', 3: 'STREAM', 4: 'INTERRUPT', 5: 'TOOL_DEF', 6: 'COMPLETE', 7: 'ERROR', 8: 'REQUEST', 9: 'REPLY', 10: 'ACK' };

function frame(opcode, body) {
  const payload = encode(body, { useBigInt64: true });
  const out = new Uint8Array(payload.length + 1);
  out[0] = opcode;
  out.set(payload, 1);
  return out;
}

function parse(data) {
  const bytes = new Uint8Array(data);
  return { op: NAMES[bytes[0]] ?? bytes[0], body: decode(bytes.subarray(1), { useBigInt64: true }) };
}

const json = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Array.from(x) : x));
const ws = new WebSocket(url, ['asp-v1'], { headers: { Authorization: `Bearer ${token}` } });
ws.binaryType = 'arraybuffer';
const timer = setTimeout(() => { console.log('TIMEOUT'); process.exit(2); }, 15000);

ws.on('open', () => {
  if (ws.protocol !== 'asp-v1') { console.log('WRONG_SUBPROTOCOL ' + ws.protocol); process.exit(3); }
  const hello = mode === 'provider' ? { v: 1, caps: ['stream'], role: 'provider', agents: [agent] } : { v: 1, caps: ['stream'] };
  ws.send(frame(0x01, hello));
});

ws.on('message', (data, isBinary) => {
  if (!isBinary) { console.log('TEXT_FRAME'); process.exit(4); }
  const f = parse(data);
  console.log(json(f));
  if (f.op === 'HELLO') {
    if (mode === 'provider') { console.log('READY'); return; }
    ws.send(frame(0x02, { id: 'n1', agent, input: { text: 'hi', n: 42, big: 9007199254740993n, bin: new Uint8Array([0, 1, 255]) } }));
  } else if (mode === 'provider' && f.op === 'INVOKE') {
    ws.send(frame(0x03, { id: f.body.id, seq: 0, data: f.body.input }));
    ws.send(frame(0x06, { id: f.body.id, result: 'from node', metrics: { durationMs: 0.1 } }));
  } else if (mode === 'client' && (f.op === 'COMPLETE' || f.op === 'ERROR')) {
    clearTimeout(timer);
    ws.close(1000);
  }
});

ws.on('unexpected-response', (_, res) => { console.log('HTTP ' + res.statusCode); process.exit(5); });
ws.on('close', () => { clearTimeout(timer); process.exit(0); });
ws.on('error', (e) => { console.log('ERROR ' + e.message); process.exit(6); });
