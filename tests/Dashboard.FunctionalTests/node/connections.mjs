// Opens many asp-v1 connections (npm ws + @msgpack/msgpack), each completing HELLO, and holds them open so
// the dashboard's connection list has something large to page through.
// usage: node connections.mjs <ws-url> <token> <count> <holdMs>
import WebSocket from 'ws';
import { encode } from '@msgpack/msgpack';

const [url, token, countArg, holdArg] = process.argv.slice(2);
const count = Number(countArg);
const hello = Buffer.concat([Buffer.from([0x01]), Buffer.from(encode({ v: 1, caps: [] }))]);
const sockets = [];
let ready = 0;
let failed = 0;

function open() {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'asp-v1', { headers: { Authorization: `Bearer ${token}` } });
    ws.once('open', () => ws.send(hello));
    ws.once('message', () => { ready++; resolve(); });
    ws.once('error', () => { failed++; resolve(); });
    ws.on('close', () => {});
    sockets.push(ws);
  });
}

// A few at a time, so the Relay sees a steady ramp rather than a SYN flood.
for (let i = 0; i < count; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, count - i) }, open));
}
console.log(`READY ${ready} FAILED ${failed}`);
await new Promise((resolve) => setTimeout(resolve, Number(holdArg)));
for (const ws of sockets) ws.terminate();
console.log('CLOSED');
