// The Relay's replay extension over raw `ws` (docs/protocol/acp.md, "Replay extension"): a client that asks for it
// in initialize (_meta["agentplatform/replay"] = true) gets _meta["agentplatform/seq"] on every session
// notification (1, 2, ... per session), acknowledges with _agentplatform/ack, and after a dropped socket a new
// connection resumes the session with _agentplatform/resume {sessionId, after} and receives what it missed with the
// same seq numbers, then {replayed: n}; live notifications continue the sequence. A client that did not ask gets no
// seq; an unknown session → -32002 with data.sessionId.
// Usage: node replay.mjs --url ws://127.0.0.1:<port>/acp --token <token>
import { args, check, finish, rawSocket, initializeParams, waitFor, delay, within } from "./common.mjs";

const a = args();
const REPLAY = { "agentplatform/replay": true };
const seqOf = (m) => m.params?._meta?.["agentplatform/seq"];
const updatesFor = (raw, sessionId) => raw.received.filter((m) => m.method === "session/update" && m.params?.sessionId === sessionId);

// A client that does not ask for replay sees plain notifications.
{
  const plain = await rawSocket(a.url, { token: a.token });
  await plain.request("initialize", initializeParams("plain"));
  const { result } = await plain.request("session/new", { cwd: "/", mcpServers: [] });
  await plain.request("session/prompt", { sessionId: result.sessionId, prompt: [{ type: "text", text: "stream 2" }] });
  const ups = updatesFor(plain, result.sessionId);
  check("without the opt-in, notifications carry no seq", ups.length === 2 && ups.every((m) => seqOf(m) === undefined), JSON.stringify(ups[0]));
  const refused = await plain.request("_agentplatform/resume", { sessionId: result.sessionId, after: 0 });
  check("without the opt-in, _agentplatform/resume → -32601", refused.error?.code === -32601, JSON.stringify(refused));
  plain.close();
}

// Connection 1 asks for replay, streams, acknowledges, starts a slow prompt and drops without a close handshake.
const one = await rawSocket(a.url, { token: a.token });
const init = await one.request("initialize", initializeParams("replay-1", REPLAY));
check("initialize with the replay opt-in succeeds", init.result?.protocolVersion === 1, JSON.stringify(init));
check("the initialize result confirms the opt-in", init.result?._meta?.["agentplatform/replay"] === true, JSON.stringify(init.result?._meta));
const { result: created } = await one.request("session/new", { cwd: "/", mcpServers: [] });
const sessionId = created.sessionId;
const first = await one.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "stream 3" }] });
check("a prompt still ends normally", first.result?.stopReason === "end_turn", JSON.stringify(first));
const firstSeqs = updatesFor(one, sessionId).map(seqOf);
check("session notifications carry seq 1, 2, 3", JSON.stringify(firstSeqs) === "[1,2,3]", JSON.stringify(firstSeqs));
one.notify("_agentplatform/ack", { sessionId, seq: 3 });

one.send({ jsonrpc: "2.0", id: "slow", method: "session/prompt", params: { sessionId, prompt: [{ type: "text", text: "slow" }] } });
await waitFor(() => updatesFor(one, sessionId).length >= 5, 10_000, "two slow chunks");
const seen = Math.max(...updatesFor(one, sessionId).map(seqOf));
one.ws.terminate();
await within(one.closed, 5000, "dropped socket");
await delay(400);   // the agent keeps streaming into the Relay's replay buffer meanwhile

// Connection 2 resumes after the last seq it saw.
const two = await rawSocket(a.url, { token: a.token });
await two.request("initialize", initializeParams("replay-2", REPLAY));
const resumed = await two.request("_agentplatform/resume", { sessionId, after: seen });
const replayed = updatesFor(two, sessionId).filter((m) => two.received.indexOf(m) < two.received.indexOf(resumed));
check("resume answers {replayed: n} with n > 0", resumed.result?.replayed > 0 && resumed.result.replayed === replayed.length,
  `${JSON.stringify(resumed)} vs ${replayed.length} before it`);
check("replayed notifications start right after the resume point", seqOf(replayed[0]) === seen + 1, `${seqOf(replayed[0])} after ${seen}`);
check("replayed notifications keep their seq, contiguous", replayed.every((m, i) => seqOf(m) === seen + 1 + i), JSON.stringify(replayed.map(seqOf)));
check("the replayed chunks are the session's own", replayed.every((m) => m.params.update.content.text.startsWith(`[${sessionId}] slow `)));
check("resume result is not truncated", resumed.result?.truncated !== true, JSON.stringify(resumed));

// Live notifications go on with the next seq on the new connection; then cancel from here.
await waitFor(() => updatesFor(two, sessionId).length >= replayed.length + 2, 10_000, "live chunks after resume");
two.notify("session/cancel", { sessionId });
await delay(300);
const all = updatesFor(two, sessionId).map(seqOf);
check("no gap or duplicate across replay and live", all.every((s, i) => s === seen + 1 + i), JSON.stringify(all));
const count = updatesFor(two, sessionId).length;
await delay(300);
check("cancel from the resuming connection stops the session", updatesFor(two, sessionId).length === count);

const prompt = await two.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "mine now" }] });
check("the resumed session is owned by the new connection", prompt.result?.stopReason === "end_turn", JSON.stringify(prompt));

const unknown = await two.request("_agentplatform/resume", { sessionId: "sess-never", after: 0 });
check("resume of an unknown session → -32002 with data.sessionId", unknown.error?.code === -32002 && unknown.error.data?.sessionId === "sess-never", JSON.stringify(unknown));
two.close();
finish();
