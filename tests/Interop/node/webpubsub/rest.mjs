// The official REST SDK (@azure/web-pubsub) drives every data-plane operation of the Relay; two clients
// observe the effects.
import { args, check, finish, waitFor, delay, makeClient, service } from "./common.mjs";

const a = args();
const hub = a.hub ?? "rest";
const svc = service(a.endpoint, a.key, hub);

const u1 = makeClient(svc, "reliable", { userId: "u1" }, { autoReconnect: false });
const u2 = makeClient(svc, "json", { userId: "u2" }, { autoReconnect: false });
const got = { u1: [], u2: [] };
const ids = {};
let u1Stopped = false, u2Stopped = false;
for (const [name, c] of [["u1", u1], ["u2", u2]]) {
  c.on("connected", (e) => { ids[name] = e.connectionId; });
  c.on("server-message", (e) => got[name].push(e.message));
  c.on("group-message", (e) => got[name].push(e.message));
}
u1.on("stopped", () => { u1Stopped = true; });
u2.on("stopped", () => { u2Stopped = true; });
await u1.start();
await u2.start();
await waitFor(() => ids.u1 && ids.u2, 5000, "connection ids");
const has = (name, pred) => got[name].some(pred);

await svc.sendToAll({ kind: "all" });
await waitFor(() => has("u1", (m) => m.data?.kind === "all") && has("u2", (m) => m.data?.kind === "all"), 5000, "sendToAll");
check("sendToAll reaches every connection as a server message", got.u1.find((m) => m.data?.kind === "all").from === "server");
await svc.sendToAll("plain text", { contentType: "text/plain" });
await waitFor(() => has("u2", (m) => m.data === "plain text" && m.dataType === "text"), 5000, "text sendToAll");
check("text/plain arrives as dataType text", has("u2", (m) => m.data === "plain text" && m.dataType === "text"));
await svc.sendToAll(new Uint8Array([9, 8, 7]).buffer);
await waitFor(() => has("u1", (m) => m.dataType === "binary"), 5000, "binary sendToAll");
check("octet-stream arrives as dataType binary", new Uint8Array(got.u1.find((m) => m.dataType === "binary").data)[0] === 9);
await svc.sendToAll({ kind: "filtered" }, { filter: "userId eq 'u2'" });
await svc.sendToAll({ kind: "excluded" }, { excludedConnections: [ids.u2] });
await waitFor(() => has("u2", (m) => m.data?.kind === "filtered") && has("u1", (m) => m.data?.kind === "excluded"), 5000, "filter/excluded");
await delay(200);
check("filter selects connections", !has("u1", (m) => m.data?.kind === "filtered"));
check("excludedConnections skips connections", !has("u2", (m) => m.data?.kind === "excluded"));

await svc.sendToUser("u1", { kind: "user" });
await svc.sendToConnection(ids.u2, { kind: "conn" });
await waitFor(() => has("u1", (m) => m.data?.kind === "user") && has("u2", (m) => m.data?.kind === "conn"), 5000, "user/connection sends");
check("sendToUser and sendToConnection deliver", !has("u2", (m) => m.data?.kind === "user") && !has("u1", (m) => m.data?.kind === "conn"));

check("connectionExists true", await svc.connectionExists(ids.u1));
check("connectionExists false", !(await svc.connectionExists("nope")));
check("userExists true", await svc.userExists("u2"));
check("userExists false", !(await svc.userExists("nobody")));

const g = svc.group("g1");
check("groupExists false before anyone joins", !(await svc.groupExists("g1")));
await g.addConnection(ids.u1);
await g.addUser("u2");
check("groupExists true after adds", await svc.groupExists("g1"));
const members = [];
for await (const m of await g.listConnections({ maxPageSize: 1 })) members.push(m);
check("listConnections pages through every member", members.length === 2 && members.some((m) => m.userId === "u2"), JSON.stringify(members));
await g.sendToAll({ kind: "group" });
await waitFor(() => has("u1", (m) => m.data?.kind === "group") && has("u2", (m) => m.data?.kind === "group"), 5000, "group send");
check("group sendToAll reaches members as group messages", has("u1", (m) => m.data?.kind === "group" && m.group === "g1") && has("u2", (m) => m.data?.kind === "group"));
await g.sendToAll({ kind: "group-excl" }, { excludedConnections: [ids.u1] });
await waitFor(() => has("u2", (m) => m.data?.kind === "group-excl"), 5000, "group excluded");
await delay(100);
check("group send honours excludedConnections", !has("u1", (m) => m.data?.kind === "group-excl"));
await g.removeConnection(ids.u1);
await g.removeUser("u2");
check("remove connection and user empty the group", !(await svc.groupExists("g1")));

await svc.addConnectionsToGroups(["g2", "g3"], "userId eq 'u1'");
check("addConnectionsToGroups adds by filter", await svc.groupExists("g2") && await svc.groupExists("g3"));
await svc.removeConnectionsFromGroups(["g3"], "userId eq 'u1'");
check("removeConnectionsFromGroups removes by filter", !(await svc.groupExists("g3")) && await svc.groupExists("g2"));
await svc.removeConnectionFromAllGroups(ids.u1);
check("removeConnectionFromAllGroups", !(await svc.groupExists("g2")));
await svc.group("g4").addUser("u2");
await svc.removeUserFromAllGroups("u2");
check("removeUserFromAllGroups", !(await svc.groupExists("g4")));

check("hasPermission false by default", !(await svc.hasPermission(ids.u2, "sendToGroup", { targetName: "g5" })));
await svc.grantPermission(ids.u2, "sendToGroup", { targetName: "g5" });
check("grantPermission then hasPermission", await svc.hasPermission(ids.u2, "sendToGroup", { targetName: "g5" }));
let sent = "no";
try { await u2.sendToGroup("g5", "granted", "text"); sent = "yes"; } catch (e) { sent = e?.errorDetail?.name ?? String(e); }
check("a granted permission lets the client publish", sent === "yes", sent);
await svc.revokePermission(ids.u2, "sendToGroup", { targetName: "g5" });
check("revokePermission", !(await svc.hasPermission(ids.u2, "sendToGroup", { targetName: "g5" })));

const extra = makeClient(svc, "json", { userId: "u3" }, { autoReconnect: false });
let extraStopped = false;
extra.on("stopped", () => { extraStopped = true; });
await extra.start();
await svc.closeUserConnections("u3", { reason: "bye" });
await waitFor(() => extraStopped, 5000, "closeUserConnections");
check("closeUserConnections closes the user's connections", !(await svc.userExists("u3")));

await svc.closeConnection(ids.u2, { reason: "done" });
await waitFor(() => u2Stopped, 5000, "closeConnection");
check("closeConnection closes one connection", await svc.connectionExists(ids.u1) && !(await svc.connectionExists(ids.u2)));

await svc.closeAllConnections({ reason: "all done" });
await waitFor(() => u1Stopped, 5000, "closeAllConnections");
check("closeAllConnections closes the rest", !(await svc.connectionExists(ids.u1)));
finish();
