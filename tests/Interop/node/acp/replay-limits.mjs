// The replay extension's bounds, against a Relay configured with a small Acp:Replay:MaxMessages (--max, default 5)
// and a short Acp:Replay:Window (--windowMs, default 1000): notifications beyond the bound are dropped oldest first
// and the resume says truncated: true; acknowledged ones are not replayed; after the window a resume → -32002.
// Usage: node replay-limits.mjs --url ws://127.0.0.1:<port>/acp --token <token> [--max 5] [--windowMs 1000]
import { args, check, finish, rawSocket, initializeParams, delay, within } from "./common.mjs";

const a = args();
const max = Number(a.max ?? 5);
const windowMs = Number(a.windowMs ?? 1000);
const REPLAY = { "agentplatform/replay": true };
const seqOf = (m) => m.params?._meta?.["agentplatform/seq"];
const updates = (raw, sessionId) => raw.received.filter((m) => m.method === "session/update" && m.params?.sessionId === sessionId);

async function replayClient(name) {
  const raw = await rawSocket(a.url, { token: a.token });
  await raw.request("initialize", initializeParams(name, REPLAY));
  return raw;
}

// 1. More unacknowledged notifications than the bound: the oldest go, the resume says so.
const one = await replayClient("limits-1");
const { result } = await one.request("session/new", { cwd: "/", mcpServers: [] });
const sessionId = result.sessionId;
const total = max * 2;
await one.request("session/prompt", { sessionId, prompt: [{ type: "text", text: `stream ${total}` }] });
check(`${total} notifications numbered 1..${total}`, JSON.stringify(updates(one, sessionId).map(seqOf)) === JSON.stringify(Array.from({ length: total }, (_, i) => i + 1)));
one.ws.terminate();
await within(one.closed, 5000, "drop 1");

const two = await replayClient("limits-2");
const resumed = await two.request("_agentplatform/resume", { sessionId, after: 2 });
const replayed = updates(two, sessionId).map(seqOf);
check("resume past the bound says truncated: true", resumed.result?.truncated === true, JSON.stringify(resumed));
check(`only the newest ${max} were kept and replayed`, JSON.stringify(replayed) === JSON.stringify(Array.from({ length: max }, (_, i) => total - max + i + 1))
  && resumed.result.replayed === max, `${JSON.stringify(replayed)} ${JSON.stringify(resumed)}`);

// 2. Acknowledged notifications are not replayed.
await two.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "stream 3" }] });
const live = updates(two, sessionId).map(seqOf).slice(-3);
check("live notifications continue the sequence", JSON.stringify(live) === JSON.stringify([total + 1, total + 2, total + 3]), JSON.stringify(live));
two.notify("_agentplatform/ack", { sessionId, seq: total + 2 });
await delay(100);
two.ws.terminate();
await within(two.closed, 5000, "drop 2");

const three = await replayClient("limits-3");
const afterAck = await three.request("_agentplatform/resume", { sessionId, after: 0 });
const replayed3 = updates(three, sessionId).map(seqOf);
check("after an ack only the unacknowledged remainder is replayed", JSON.stringify(replayed3) === JSON.stringify([total + 3]), `${JSON.stringify(replayed3)} ${JSON.stringify(afterAck)}`);

// 3. After the window the session's replay is gone.
three.ws.terminate();
await within(three.closed, 5000, "drop 3");
await delay(windowMs + 1500);
const four = await replayClient("limits-4");
const expired = await four.request("_agentplatform/resume", { sessionId, after: total + 3 });
check("resume after the window → -32002 with data.sessionId", expired.error?.code === -32002 && expired.error.data?.sessionId === sessionId, JSON.stringify(expired));
four.close();
finish();
