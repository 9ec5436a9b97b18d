// Reliable recovery through forced TCP disconnects: the client talks to the Relay through a TCP proxy that
// destroys every open socket (both directions, no WebSocket close) at intervals while the official REST SDK
// publishes a numbered stream to the client's group. The client must recover each time (awps_connection_id +
// awps_reconnection_token) and end with every message exactly once, in order.
import net from "node:net";
import { args, check, finish, waitFor, delay, makeClient, service } from "./common.mjs";

const a = args();
const hub = a.hub ?? "stream";
const count = Number(a.count ?? 500);
const drops = Number(a.drops ?? 5);
const target = new URL(a.endpoint);

const sockets = new Set();
let accepted = 0;
const proxy = net.createServer((client) => {
  accepted++;
  const upstream = net.connect(Number(target.port), target.hostname);
  sockets.add(client);
  sockets.add(upstream);
  client.pipe(upstream);
  upstream.pipe(client);
  const gone = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
  client.on("error", gone); upstream.on("error", gone); client.on("close", gone); upstream.on("close", gone);
});
await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
const proxyEndpoint = `http://127.0.0.1:${proxy.address().port}`;
const killAll = () => { for (const s of sockets) s.destroy(); };

// Tokens name the proxy (that is the URL the client dials); the publisher talks to the Relay directly.
const viaProxy = service(proxyEndpoint, a.key, hub);
const direct = service(a.endpoint, a.key, hub);
const receiver = makeClient(viaProxy, "reliable", { userId: "receiver", roles: ["webpubsub.joinLeaveGroup"] });
const received = [];
const seqs = [];
let connectedEvents = 0;
let stopped = false;
receiver.on("connected", () => connectedEvents++);
receiver.on("stopped", () => { stopped = true; });
receiver.on("group-message", (e) => { received.push(e.message.data.i); seqs.push(e.message.sequenceId); });
await receiver.start();
await receiver.joinGroup("numbers");

const every = Math.max(1, Math.floor(count / (drops + 1)));
let dropped = 0;
for (let i = 0; i < count; i++) {
  await direct.group("numbers").sendToAll({ i });
  if (i > 0 && i % every === 0 && dropped < drops) {
    killAll();
    dropped++;
    // Keep publishing while the client is away: those messages wait in the Relay's replay buffer.
    await delay(5);
  }
}
await waitFor(() => received.length >= count || stopped, 60000, `all ${count} messages (have ${received.length})`);
await delay(500);

check(`forced ${drops} TCP disconnects`, dropped === drops);
check("the client recovered through new sockets", accepted >= drops + 1, `accepted ${accepted}`);
check("recovery did not look like a new connection", connectedEvents === 1, `connected ${connectedEvents}`);
check("the client was never stopped", !stopped);
check(`received exactly ${count} messages`, received.length === count, `got ${received.length}`);
check("no message lost, none duplicated, order kept", received.every((v, i) => v === i),
  received.slice(0, 20).join(","));
check("sequence ids strictly increase", seqs.every((s, i) => i === 0 || s > seqs[i - 1]));
console.log(`STATS drops=${dropped} sockets=${accepted} received=${received.length}`);
receiver.stop();
proxy.close();
killAll();
finish();
