// A stdio agent that crashes under its clients: every pending request gets -32603 with data {reason: "agent exited",
// exitCode}, every attached connection is then closed (WebSocket 1011), and the Relay restarts the agent, so a new
// connection initializes and prompts again (a new agent process). Needs an agent of its own (it kills it).
// Usage: node crash.mjs --url ws://127.0.0.1:<port>/acp --token <token>
import { args, check, finish, connectClient, rawSocket, initializeParams, errorOf, within, waitFor, delay } from "./common.mjs";

const a = args();
const before = await connectClient({ url: a.url, token: a.token, name: "before" });
const pidBefore = before.init._meta?.["stdio-agent/pid"];

const raw = await rawSocket(a.url, { token: a.token });
await raw.request("initialize", initializeParams("bystander"));
const { result } = await raw.request("session/new", { cwd: "/", mcpServers: [] });
raw.send({ jsonrpc: "2.0", id: "slow", method: "session/prompt", params: { sessionId: result.sessionId, prompt: [{ type: "text", text: "slow" }] } });
await waitFor(() => raw.received.some((m) => m.method === "session/update"), 10_000, "the bystander's slow prompt streaming");

const s = await before.newSession();
const crashed = await errorOf(before.prompt(s, "crash"));
check("the crashing prompt fails with -32603", crashed?.code === -32603, JSON.stringify(crashed));
check("its data says the agent exited, with the exit code", crashed?.data?.reason === "agent exited" && crashed.data.exitCode === 3, JSON.stringify(crashed?.data));

const pending = await raw.next((m) => m.id === "slow", 10_000, "the bystander's pending prompt answer");
check("another client's pending request fails with -32603 too", pending.error?.code === -32603 && pending.error.data?.reason === "agent exited", JSON.stringify(pending));
const closed = await within(raw.closed, 10_000, "the bystander's socket closing");
check("attached connections are closed with 1011", closed.code === 1011, JSON.stringify(closed));
await within(before.connection.closed.catch(() => {}), 10_000, "the SDK client's connection closing");
check("the SDK client's connection ends too", before.connection.signal.aborted);

// The agent restarts with backoff; a new connection gets through once it is back.
let after;
const deadline = Date.now() + 20_000;
while (!after && Date.now() < deadline) {
  try { after = await connectClient({ url: a.url, token: a.token, name: "after" }); } catch { await delay(250); }
}
check("a new connection initializes after the restart", !!after);
if (after) {
  const pidAfter = after.init._meta?.["stdio-agent/pid"];
  check("it is a new agent process", pidBefore !== undefined && pidAfter !== undefined ? pidAfter !== pidBefore : true, `${pidBefore} → ${pidAfter}`);
  const s2 = await after.newSession();
  const r = await after.prompt(s2, "back again");
  check("the restarted agent answers prompts", r.stopReason === "end_turn" && after.texts(s2).at(-1) === `[${s2}] echo: back again`);
  const old = await errorOf(after.prompt(s, "x"));
  check("a session of the dead process is not found", old?.code === -32002, JSON.stringify(old));
  await after.close();
}
finish();
