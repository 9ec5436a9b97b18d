// Reliability suite, Web PubSub reliable subprotocol (json.reliable.webpubsub.azure.v1) under forced disconnects.
// A sender client (direct) sends numbered messages to a group; a receiver client (reliable, through the suite's
// cutting proxy) is in that group. The suite cuts the receiver's TCP connection while this runs and creates
// writes STOP to this script's stdin when it is done cutting; then the sender stops, the receiver catches up, and one JSON line of counts
// is printed: {"sent", "received", "lost", "duplicated", "firstLost", "firstDuplicated", "outOfOrder", ...}.
// Everything is bounded: at most --max messages, --timeout-ms overall.
import { args, delay, makeClient, service } from "../../Interop/node/webpubsub/common.mjs";

const a = args();
const hub = a.hub ?? "disconnects";
const maxMessages = Number(a.max ?? 100000);
const timeoutMs = Number(a["timeout-ms"] ?? 240000);
const started = Date.now();
const timeLeft = () => timeoutMs - (Date.now() - started);

// The receiver's access URL names the proxy (that is where it dials, and where it recovers); the sender goes direct.
const viaProxy = service(a.proxy, a.key, hub);
const direct = service(a.endpoint, a.key, hub);
const receiver = makeClient(viaProxy, "reliable", { userId: "receiver", roles: ["webpubsub.joinLeaveGroup"] });
const sender = makeClient(direct, "reliable", { userId: "sender", roles: ["webpubsub.sendToGroup"] });

const counts = new Map();
let received = 0;
let outOfOrder = 0;
let last = -1;
let connected = 0;
let disconnected = 0;
let stopped = false;
receiver.on("connected", () => connected++);
receiver.on("disconnected", () => disconnected++);
receiver.on("stopped", () => { stopped = true; });
receiver.on("group-message", (e) => {
  const i = e.message.data?.i;
  if (typeof i !== "number") return;
  received++;
  counts.set(i, (counts.get(i) ?? 0) + 1);
  if (i <= last) outOfOrder++;
  last = Math.max(last, i);
});

await receiver.start();
await receiver.joinGroup("numbers");
await sender.start();
console.log("READY");

let stopRequested = false;
process.stdin.on("data", (d) => { if (String(d).includes("STOP")) stopRequested = true; });

let sent = 0;
let sendErrors = 0;
while (sent < maxMessages && !stopRequested && timeLeft() > 60000) {
  try {
    await sender.sendToGroup("numbers", { i: sent }, "json");
    sent++;
  } catch (err) {
    sendErrors++;
    if (sendErrors > 20) break;
    await delay(50);
  }
  if (sent % 20 === 0) await delay(1);
}
console.log(`SENT ${sent}`);

// Catch up: every acknowledged message must reach the receiver (bounded).
const catchUpUntil = Date.now() + Math.min(30000, Math.max(1000, timeLeft()));
while (Date.now() < catchUpUntil && !stopped) {
  let all = true;
  for (let i = 0; i < sent; i++) if (!counts.has(i)) { all = false; break; }
  if (all) break;
  await delay(20);
}
await delay(300);

const lost = [];
const duplicated = [];
for (let i = 0; i < sent; i++) {
  const n = counts.get(i) ?? 0;
  if (n === 0) lost.push(i);
  if (n > 1) duplicated.push(i);
}
let duplicateCopies = 0;
for (const n of counts.values()) if (n > 1) duplicateCopies += n - 1;
console.log(JSON.stringify({
  sent, received, lost: lost.length, duplicated: duplicateCopies, outOfOrder, sendErrors, connected, disconnected, stopped,
  firstLost: lost.slice(0, 5), firstDuplicated: duplicated.slice(0, 5),
}));
receiver.stop();
sender.stop();
setTimeout(() => process.exit(0), 200);
