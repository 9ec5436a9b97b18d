// @azure/web-pubsub-express as the upstream handler behind the Relay. The express app listens on --handlerPort
// (the Relay's hub "chat" points its handler URL template there); then official clients connect through the
// Relay and the script checks what express received: the abuse-protection OPTIONS, connect (blocking, its answer
// sets user, groups and roles, or rejects), connected, user events (answers and connection state), a simple
// WebSocket client's message event, disconnected, and ce-signature against the access key.
import crypto from "node:crypto";
import express from "express";
import WebSocket from "ws";
import { WebPubSubEventHandler } from "@azure/web-pubsub-express";
import { args, check, finish, waitFor, delay, makeClient, service } from "./common.mjs";

const a = args();
const hub = "chat";
const seen = { options: [], connect: [], connected: [], user: [], disconnected: [], badSignatures: 0 };
const expected = (id) => "sha256=" + crypto.createHmac("sha256", Buffer.from(a.key, "utf8")).update(id).digest("hex");
const verify = (ctx) => { if (!(ctx.signature ?? "").split(",").includes(expected(ctx.connectionId))) seen.badSignatures++; };

const handler = new WebPubSubEventHandler(hub, {
  path: "/eventhandler",
  allowedEndpoints: [a.endpoint],
  handleConnect(req, res) {
    seen.connect.push(req);
    verify(req.context);
    if (req.claims?.sub?.[0] === "blocked") { res.fail(401, "blocked user"); return; }
    res.setState("visits", 0);
    res.success({ userId: "express-" + (req.claims?.sub?.[0] ?? "anon"), groups: ["lobby"], roles: ["webpubsub.sendToGroup.lobby"] });
  },
  onConnected(req) { seen.connected.push(req); verify(req.context); },
  handleUserEvent(req, res) {
    seen.user.push(req);
    verify(req.context);
    if (req.context.eventName === "fail") { res.fail(500, "handler failure"); return; }
    const visits = (req.context.states.visits ?? 0) + 1;
    res.setState("visits", visits);
    if (req.context.eventName === "message") { res.success("raw:" + req.data, "text"); return; }
    res.success(JSON.stringify({ echo: req.data, visits }), "json");
  },
  onDisconnected(req) { seen.disconnected.push(req); verify(req.context); },
});

const app = express();
app.use((req, _res, next) => { if (req.method === "OPTIONS") seen.options.push(req.headers); next(); });
app.use(handler.getMiddleware());
const server = await new Promise((resolve) => { const s = app.listen(Number(a.handlerPort), "127.0.0.1", () => resolve(s)); });
console.log(`LISTENING ${a.handlerPort}`);

const svc = service(a.endpoint, a.key, hub);
const client = makeClient(svc, "reliable", { userId: "ann" }, { autoReconnect: false });
const serverMessages = [];
const groupMessages = [];
let connected;
client.on("connected", (e) => { connected = e; });
client.on("server-message", (e) => serverMessages.push(e.message));
client.on("group-message", (e) => groupMessages.push(e.message));
await client.start();
await waitFor(() => connected, 5000, "connected");

check("abuse protection sent OPTIONS with WebHook-Request-Origin", seen.options.length >= 1 && !!seen.options[0]["webhook-request-origin"]);
check("connect reached express with the token's claims", seen.connect.length === 1 && seen.connect[0].claims?.sub?.[0] === "ann");
check("connect carried the offered subprotocol", seen.connect[0].subprotocols?.includes("json.reliable.webpubsub.azure.v1"));
check("connect carried the query", Array.isArray(seen.connect[0].queries?.access_token));
check("the connect answer set the user id", connected.userId === "express-ann", JSON.stringify(connected));
await waitFor(() => seen.connected.length === 1, 5000, "connected event");
check("connected event reached express", seen.connected[0].context.userId === "express-ann");

await client.sendToGroup("lobby", "hello lobby", "text");
await waitFor(() => groupMessages.some((m) => m.data === "hello lobby"), 5000, "lobby message");
check("groups and roles from the connect answer apply", groupMessages.some((m) => m.group === "lobby"));

await client.sendEvent("echo", { n: 1 }, "json");
await waitFor(() => serverMessages.length >= 1, 5000, "first echo");
await client.sendEvent("echo", "two", "text");
await waitFor(() => serverMessages.length >= 2, 5000, "second echo");
check("a user event's 200 body comes back to the caller", serverMessages[0].data?.echo?.n === 1, JSON.stringify(serverMessages[0]));
check("text data reached express as text", serverMessages[1].data?.echo === "two");
check("connection state round-trips through ce-connectionState", serverMessages[1].data?.visits === 2, JSON.stringify(serverMessages[1]));
check("user events carry ce-eventName and ce-userId", seen.user[0].context.eventName === "echo" && seen.user[0].context.userId === "express-ann");

const invoked = await client.invokeEvent("echo", "asked", "text");
check("invokeEvent gets the handler's answer as invokeResponse", invoked.data?.echo === "asked" && invoked.dataType === "json", JSON.stringify(invoked));

const blocked = makeClient(svc, "json", { userId: "blocked" }, { autoReconnect: false });
let refused = false;
try { await blocked.start(); } catch { refused = true; }
check("a connect handler's 401 rejects the client", refused);

const raw = new WebSocket(`${(await svc.getClientAccessToken({ userId: "simple" })).url}`);
const rawReplies = [];
raw.on("message", (d) => rawReplies.push(d.toString()));
await new Promise((r, j) => { raw.on("open", r); raw.on("error", j); });
raw.send("ping me");
await waitFor(() => rawReplies.length >= 1, 5000, "simple client reply");
check("a simple WebSocket client's frame is a message event answered with a raw frame", rawReplies[0] === "raw:ping me", rawReplies[0]);
raw.close();

let stopped = false;
client.on("stopped", () => { stopped = true; });
await client.sendEvent("fail", "x", "text").catch(() => {});
await waitFor(() => stopped, 10000, "connection dropped after handler failure");
await waitFor(() => seen.disconnected.some((d) => d.context.userId === "express-ann"), 10000, "disconnected event");
check("a non-2xx user event answer drops the connection, disconnected follows", stopped && seen.disconnected.some((d) => d.context.userId === "express-ann"));
check("every request carried a valid ce-signature", seen.badSignatures === 0, `bad ${seen.badSignatures}`);
client.stop();
server.close();
await delay(50);
finish();
