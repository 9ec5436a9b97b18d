// @azure/web-pubsub-client against the Relay on one JSON subprotocol (--protocol json|reliable): tokens from the
// official REST SDK, connect, join, publish (json/text/binary, noEcho), acks, Duplicate, Forbidden with plain,
// group-scoped and wildcard roles, events without a handler, and a refused token.
import { WebPubSubClient } from "@azure/web-pubsub-client";
import { args, check, finish, waitFor, delay, makeClient, service, protocolOf } from "./common.mjs";

const a = args();
const hub = a.hub ?? "chat";
const svc = service(a.endpoint, a.key, hub);
const reliable = a.protocol !== "json";
const both = ["webpubsub.joinLeaveGroup", "webpubsub.sendToGroup"];

const alice = makeClient(svc, a.protocol, { userId: "alice", roles: both });
const bob = makeClient(svc, a.protocol, { userId: "bob", roles: both });
const carol = makeClient(svc, a.protocol, { userId: "carol" });
const dave = makeClient(svc, a.protocol, { userId: "dave", roles: ["webpubsub.sendToGroup.room", "webpubsub.joinLeaveGroups.team.*"] });

const got = { alice: [], bob: [] };
let aliceConnected;
alice.on("connected", (e) => { aliceConnected = e; });
alice.on("group-message", (e) => got.alice.push(e.message));
bob.on("group-message", (e) => got.bob.push(e.message));

await alice.start();
await bob.start();
await carol.start();
await dave.start();
await waitFor(() => aliceConnected, 5000, "alice connected");
check("connected carries the token's user id", aliceConnected.userId === "alice", JSON.stringify(aliceConnected));
check("connected carries a connection id", typeof aliceConnected.connectionId === "string" && aliceConnected.connectionId.length > 0);

const joined = await alice.joinGroup("room");
await bob.joinGroup("room");
check("joinGroup is acked", joined && joined.isDuplicated === false, JSON.stringify(joined));

await alice.sendToGroup("room", { hello: "world", n: [1, 2] }, "json");
await waitFor(() => got.bob.length >= 1 && got.alice.length >= 1, 5000, "json group message");
const m1 = got.bob[0];
check("json data arrives intact", JSON.stringify(m1.data) === JSON.stringify({ hello: "world", n: [1, 2] }), JSON.stringify(m1));
check("group message names group and sender", m1.group === "room" && m1.fromUserId === "alice", JSON.stringify(m1));
check(reliable ? "reliable messages carry sequenceId" : "non-reliable messages carry no sequenceId",
  reliable ? typeof m1.sequenceId === "number" && m1.sequenceId > 0 : m1.sequenceId === undefined, JSON.stringify(m1));
check("sender gets its own message without noEcho", got.alice[0]?.data?.hello === "world");

await alice.sendToGroup("room", "quiet", "text", { noEcho: true });
await waitFor(() => got.bob.some((m) => m.data === "quiet"), 5000, "noEcho text");
await delay(200);
check("noEcho keeps the message from its sender", !got.alice.some((m) => m.data === "quiet"));

const bytes = new Uint8Array([0, 1, 2, 250, 255]);
await alice.sendToGroup("room", bytes.buffer, "binary");
await waitFor(() => got.bob.some((m) => m.dataType === "binary"), 5000, "binary message");
const bin = new Uint8Array(got.bob.find((m) => m.dataType === "binary").data);
check("binary data arrives byte for byte", bin.length === 5 && bin.every((b, i) => b === bytes[i]), Array.from(bin).join(","));

const first = await alice.sendToGroup("room", "dup", "text", { ackId: 4242 });
const second = await alice.sendToGroup("room", "dup", "text", { ackId: 4242 });
check("first use of an ackId is not a duplicate", first.isDuplicated === false && first.ackId === 4242);
check("repeated ackId is acked as Duplicate", second.isDuplicated === true, JSON.stringify(second));
await delay(300);
check("a duplicate is not delivered twice", got.bob.filter((m) => m.data === "dup").length === 1);

async function forbidden(p) {
  try { await p; return "succeeded"; } catch (e) { return e?.errorDetail?.name ?? String(e); }
}
check("no role: joinGroup is Forbidden", (await forbidden(carol.joinGroup("room"))) === "Forbidden");
check("no role: sendToGroup is Forbidden", (await forbidden(carol.sendToGroup("room", "x", "text"))) === "Forbidden");
check("group role allows its group", (await forbidden(dave.sendToGroup("room", "from dave", "text"))) === "succeeded");
check("group role refuses other groups", (await forbidden(dave.sendToGroup("other", "x", "text"))) === "Forbidden");
check("wildcard role allows a matching group", (await forbidden(dave.joinGroup("team.red"))) === "succeeded");
check("wildcard role refuses a deeper group", (await forbidden(dave.joinGroup("team.red.x"))) === "Forbidden");
await waitFor(() => got.bob.some((m) => m.data === "from dave"), 5000, "dave's message");
check("group-scoped sender's message is delivered", got.bob.some((m) => m.data === "from dave" && m.fromUserId === "dave"));

const evt = await alice.sendEvent("nobody-listens", { x: 1 }, "json");
check("event without a handler is acked", evt && evt.isDuplicated === false);

await alice.leaveGroup("room");
const before = got.alice.length;
await bob.sendToGroup("room", "after leave", "text");
await waitFor(() => got.bob.some((m) => m.data === "after leave"), 5000, "after leave");
await delay(200);
check("leaveGroup stops delivery", got.alice.length === before);

const bad = new WebPubSubClient(`${a.endpoint.replace("http", "ws")}/client/hubs/${hub}?access_token=eyJhbGciOiJIUzI1NiJ9.e30.AAAA`,
  { protocol: protocolOf(a.protocol), autoReconnect: false });
let refused = false;
try { await bad.start(); } catch { refused = true; }
check("a bad token is refused at the handshake", refused);
try { bad.stop(); } catch { /* already stopped */ }

for (const c of [alice, bob, carol, dave]) c.stop();
finish();
