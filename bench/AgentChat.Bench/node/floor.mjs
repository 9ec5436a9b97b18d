// The floor of AgentChat.Bench: a plain `ws` broadcast server. Every frame any client sends goes, unchanged, to
// every open client (the sender included), like a channel with no protocol work at all.
// node floor.mjs  ->  prints READY {"port":N}; stops on SIGTERM or when stdin closes.
import { WebSocketServer, WebSocket } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
  });
});
wss.on('listening', () => console.log(`READY {"port":${wss.address().port}}`));
const stop = () => { wss.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
