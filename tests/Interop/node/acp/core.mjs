// The core ACP flows through the official SDK client (acp.client) against one agent behind the Relay, over
// WebSocket (experimental/ws-client) or Streamable HTTP (experimental/http-client) as --transport says:
// initialize, session/new, a streamed prompt, permission and fs requests routed to the client that owns the session
// (two clients at once), cancel, session ownership, and session/load after reconnecting (history replayed).
// Usage: node core.mjs --url ws://127.0.0.1:<port>/acp --token <token> [--transport ws|http]
import * as acp from "@agentclientprotocol/sdk";
import { args, check, finish, connectClient, errorOf, within, waitFor, delay } from "./common.mjs";

const a = args();
const transport = a.transport ?? "ws";
const base = { url: a.url, token: a.token, transport };
const T = `[${transport}]`;

const alice = await connectClient({ ...base, name: "alice" });
check(`${T} initialize answers protocol version 1`, alice.init.protocolVersion === 1, JSON.stringify(alice.init));
check(`${T} initialize advertises loadSession`, alice.init.agentCapabilities?.loadSession === true, JSON.stringify(alice.init));

const s1 = await alice.newSession();
check(`${T} session/new returns a session id`, typeof s1 === "string" && s1.length > 0, String(s1));

// Streamed prompt: every chunk arrives before the prompt's response and names the session.
const streamed = await alice.prompt(s1, "stream 5");
const chunks = alice.texts(s1);
check(`${T} streamed prompt ends with end_turn`, streamed.stopReason === "end_turn", JSON.stringify(streamed));
check(`${T} all 5 chunks arrived before the response, in order`,
  chunks.length === 5 && chunks.every((t, i) => t === `[${s1}] chunk ${i + 1}/5`), JSON.stringify(chunks));

const echo = await alice.prompt(s1, "hello relay");
check(`${T} echo prompt`, echo.stopReason === "end_turn" && alice.texts(s1).at(-1) === `[${s1}] echo: hello relay`, JSON.stringify(alice.texts(s1).at(-1)));

// A second client on the same agent: each one's permission and fs requests go to it alone.
const bob = await connectClient({ ...base, name: "bob", permission: "reject" });
const s2 = await bob.newSession();
check(`${T} two clients get different sessions`, s1 !== s2);
check(`${T} the second client's initialize result is the agent's`, bob.init.agentCapabilities?.loadSession === true
  && JSON.stringify(bob.init.agentInfo) === JSON.stringify(alice.init.agentInfo), JSON.stringify(bob.init));

await Promise.all([alice.prompt(s1, "permission"), bob.prompt(s2, "permission")]);
const alicePerm = alice.requests.filter((r) => r.method === "session/request_permission");
const bobPerm = bob.requests.filter((r) => r.method === "session/request_permission");
check(`${T} permission request reaches only the session's owner (alice)`, alicePerm.length === 1 && alicePerm[0].sessionId === s1, JSON.stringify(alicePerm));
check(`${T} permission request reaches only the session's owner (bob)`, bobPerm.length === 1 && bobPerm[0].sessionId === s2, JSON.stringify(bobPerm));
check(`${T} each client's answer goes back to its own prompt`,
  alice.texts(s1).at(-1) === `[${s1}] permission: allow` && bob.texts(s2).at(-1) === `[${s2}] permission: reject`,
  JSON.stringify([alice.texts(s1).at(-1), bob.texts(s2).at(-1)]));

await Promise.all([alice.prompt(s1, "read /notes/a.txt"), bob.prompt(s2, "read /notes/b.txt")]);
check(`${T} fs/read_text_file routed to alice`, alice.texts(s1).at(-1) === `[${s1}] content: contents of /notes/a.txt held by alice`, alice.texts(s1).at(-1));
check(`${T} fs/read_text_file routed to bob`, bob.texts(s2).at(-1) === `[${s2}] content: contents of /notes/b.txt held by bob`, bob.texts(s2).at(-1));
await bob.prompt(s2, "write /notes/b.txt hello from bob");
const writes = bob.requests.filter((r) => r.method === "fs/write_text_file");
check(`${T} fs/write_text_file routed to bob with its content`, writes.length === 1 && writes[0].params.content === "hello from bob"
  && !alice.requests.some((r) => r.method === "fs/write_text_file"), JSON.stringify(writes));
check(`${T} no update of one client's session reached the other`,
  [...alice.updates.keys()].every((k) => k === s1) && [...bob.updates.keys()].every((k) => k === s2),
  JSON.stringify([[...alice.updates.keys()], [...bob.updates.keys()]]));

// Session ownership: a session another client owns is not found for this one.
const foreign = await errorOf(bob.prompt(s1, "hijack"));
check(`${T} prompting another client's session → -32002`, foreign?.code === -32002, JSON.stringify(foreign));
const unknown = await errorOf(alice.prompt("no-such-session", "x"));
check(`${T} unknown session → -32002`, unknown?.code === -32002, JSON.stringify(unknown));

// Cancel: a slow prompt ends "cancelled" once the client sends session/cancel; bob's session is unaffected.
const slow = alice.prompt(s1, "slow", 20_000);
await waitFor(() => alice.texts(s1).some((t) => t === `[${s1}] slow 2`), 10_000, "two slow chunks");
await alice.agent.notify(acp.methods.agent.session.cancel, { sessionId: s1 });
const cancelled = await slow;
check(`${T} cancel ends the prompt with stopReason cancelled`, cancelled.stopReason === "cancelled", JSON.stringify(cancelled));
const afterCancel = alice.texts(s1).length;
await delay(200);
check(`${T} no chunks after the cancelled prompt's response`, alice.texts(s1).length === afterCancel);
const bobStill = await bob.prompt(s2, "still here");
check(`${T} the other client's session still works after a cancel`, bobStill.stopReason === "end_turn");

// Load after reconnect: alice goes away; a new connection loads her session and gets the history replayed.
const historyLength = alice.texts(s1).length;
await alice.close();
const carol = await connectClient({ ...base, name: "carol" });
const loaded = await carol.load(s1).catch((e) => ({ failed: e }));
check(`${T} session/load on a new connection succeeds`, loaded !== undefined && !loaded.failed, JSON.stringify(loaded));
if (loaded?.failed) finish();
if (transport === "http") {
  // Over HTTP the replayed updates come on the session's SSE stream and the load response on the connection's
  // stream (the SDK server routes it so too): two streams, no order between them at the client. Over WebSocket
  // the order is strict, checked as is.
  const early = carol.texts(s1).length;
  const t0 = Date.now();
  await waitFor(() => carol.texts(s1).length >= historyLength, 5000, "replayed history on the session stream").catch(() => {});
  console.log(`note [http] ${early} of ${historyLength} replayed updates had arrived when the load response did, ${carol.texts(s1).length} ${Date.now() - t0} ms later`);
}
const replayedAgent = carol.texts(s1);
const replayedUser = carol.texts(s1, "user_message_chunk");
check(`${T} load replays the agent's history before answering`, replayedAgent.length === historyLength
  && replayedAgent[0] === `[${s1}] chunk 1/5`, `${replayedAgent.length} of ${historyLength}`);
check(`${T} load replays the user's prompts`, replayedUser.includes("hello relay") && replayedUser.includes("stream 5"), JSON.stringify(replayedUser));
const resumed = await carol.prompt(s1, "after load");
check(`${T} the loaded session answers prompts on the new connection`, resumed.stopReason === "end_turn"
  && carol.texts(s1).at(-1) === `[${s1}] echo: after load`, carol.texts(s1).at(-1));
const bobSide = await errorOf(bob.prompt(s1, "x"));
check(`${T} the loaded session is still not bob's`, bobSide?.code === -32002, JSON.stringify(bobSide));

await within(Promise.all([bob.close(), carol.close()]), 10_000, "closing clients");
finish();
