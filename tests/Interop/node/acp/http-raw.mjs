// Streamable HTTP at the wire, with fetch (what the SDK's http-client does not get wrong on purpose): the statuses
// and bodies of docs/protocol/acp.md section 4, which are the SDK server's (415, 400 Invalid JSON, batch → 400 with
// the -32600 body, initialize → 200 + Acp-Connection-Id, missing/unknown connection → 400/404, Acp-Session-Id
// required and matched, 202 for accepted POSTs, SSE on the connection and session streams, 406, 409, DELETE).
// Usage: node http-raw.mjs --url ws://127.0.0.1:<port>/acp --token <token>
import { args, check, finish, httpUrl, initializeParams, within } from "./common.mjs";

const a = args();
const url = httpUrl(a.url);
const auth = { Authorization: `Bearer ${a.token}` };
const json = { ...auth, "Content-Type": "application/json" };
const post = (body, headers = {}) => fetch(url, { method: "POST", headers: { ...json, ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
const rpc = (id, method, params) => ({ jsonrpc: "2.0", id, method, params });

const wrongType = await fetch(url, { method: "POST", headers: { ...auth, "Content-Type": "text/plain" }, body: "{}" });
check("POST with a non-JSON content type → 415", wrongType.status === 415, String(wrongType.status));
const bad = await post("{ nope");
check("POST of invalid JSON → 400 \"Invalid JSON\"", bad.status === 400 && (await bad.text()) === "Invalid JSON", String(bad.status));
const batch = await post([rpc(1, "initialize", initializeParams("b"))]);
const batchBody = await batch.json().catch(() => null);
check("POST of a batch → 400 with the -32600 body, id null", batch.status === 400 && batchBody?.error?.code === -32600 && batchBody.id === null, JSON.stringify(batchBody));
const noIdInit = await post({ jsonrpc: "2.0", method: "initialize", params: initializeParams("n") });
check("initialize without an id → 400", noIdInit.status === 400, String(noIdInit.status));

const init = await post(rpc(0, "initialize", initializeParams("raw-http")));
const connectionId = init.headers.get("acp-connection-id");
const initBody = await init.json();
check("initialize → 200 JSON with Acp-Connection-Id", init.status === 200 && !!connectionId && initBody.id === 0 && initBody.result?.protocolVersion === 1, JSON.stringify(initBody));
const conn = { "Acp-Connection-Id": connectionId };

const again = await post(rpc(1, "initialize", initializeParams("again")), conn);
check("initialize with an Acp-Connection-Id → 400", again.status === 400, String(again.status));
const missing = await post(rpc(2, "session/new", { cwd: "/", mcpServers: [] }));
check("POST without Acp-Connection-Id → 400", missing.status === 400 && (await missing.text()) === "Missing Acp-Connection-Id", String(missing.status));
const unknown = await post(rpc(2, "session/new", { cwd: "/", mcpServers: [] }), { "Acp-Connection-Id": "00000000-0000-0000-0000-000000000000" });
check("POST with an unknown Acp-Connection-Id → 404", unknown.status === 404, String(unknown.status));

const notSse = await fetch(url, { headers: { ...auth, ...conn, Accept: "application/json" } });
check("GET without Accept text/event-stream → 406", notSse.status === 406, String(notSse.status));

// The connection stream: one reader over the SSE body, messages parsed from "data:" lines.
function sse(headers) {
  const controller = new AbortController();
  const messages = [];
  const opened = fetch(url, { headers: { ...auth, ...headers, Accept: "text/event-stream" }, signal: controller.signal });
  const done = opened.then(async (res) => {
    if (res.status !== 200) return res.status;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done: end } = await reader.read().catch(() => ({ done: true }));
      if (end) return 200;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = event.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
        if (data) messages.push(JSON.parse(data));
      }
    }
  });
  return { messages, opened, done, close: () => controller.abort() };
}
const waitMsg = async (stream, pred, what) => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = stream.messages.find(pred);
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const connStream = sse(conn);
check("GET of the connection stream → 200", (await connStream.opened).status === 200);
const second = await fetch(url, { headers: { ...auth, ...conn, Accept: "text/event-stream" } });
check("a second receiver on the connection stream → 409", second.status === 409, String(second.status));

const created = await post(rpc("n1", "session/new", { cwd: "/", mcpServers: [] }), conn);
check("POST session/new → 202, empty", created.status === 202 && (await created.text()) === "", String(created.status));
const newAnswer = await waitMsg(connStream, (m) => m.id === "n1", "session/new response on the connection stream");
const sessionId = newAnswer.result?.sessionId;
check("the session/new response comes on the connection stream", typeof sessionId === "string", JSON.stringify(newAnswer));

const prompt = rpc("p1", "session/prompt", { sessionId, prompt: [{ type: "text", text: "stream 3" }] });
const noSession = await post(prompt, conn);
check("session/prompt without Acp-Session-Id → 400", noSession.status === 400 && (await noSession.text()) === "Missing Acp-Session-Id", String(noSession.status));
const mismatched = await post(prompt, { ...conn, "Acp-Session-Id": "sess-other" });
check("session/prompt with another Acp-Session-Id → 400", mismatched.status === 400 && (await mismatched.text()) === "Mismatched Acp-Session-Id", String(mismatched.status));

// Posted before the session stream has a receiver: the messages wait in its queue.
const accepted = await post(prompt, { ...conn, "Acp-Session-Id": sessionId });
check("session/prompt with the session header → 202", accepted.status === 202, String(accepted.status));
const sessStream = sse({ ...conn, "Acp-Session-Id": sessionId });
const promptAnswer = await waitMsg(sessStream, (m) => m.id === "p1", "prompt response on the session stream");
const chunks = sessStream.messages.filter((m) => m.method === "session/update");
check("updates queued before the receiver attached arrive on the session stream, before the response",
  chunks.length === 3 && sessStream.messages.indexOf(promptAnswer) > sessStream.messages.indexOf(chunks[2]), JSON.stringify(sessStream.messages.map((m) => m.id ?? m.method)));
check("the prompt response ends the turn", promptAnswer.result?.stopReason === "end_turn", JSON.stringify(promptAnswer));
check("no session message leaked to the connection stream", !connStream.messages.some((m) => m.params?.sessionId === sessionId || m.id === "p1"));

const del = await fetch(url, { method: "DELETE", headers: { ...auth, ...conn } });
check("DELETE → 202", del.status === 202, String(del.status));
await within(Promise.all([connStream.done, sessStream.done]), 5000, "streams ending after DELETE").catch(() => {});
const afterDelete = await post(rpc("x", "session/new", { cwd: "/", mcpServers: [] }), conn);
check("the deleted connection is unknown → 404", afterDelete.status === 404, String(afterDelete.status));
const delAgain = await fetch(url, { method: "DELETE", headers: { ...auth, ...conn } });
check("DELETE of an unknown connection → 404", delAgain.status === 404, String(delAgain.status));
connStream.close();
sessStream.close();
finish();
