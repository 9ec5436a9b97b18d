// Malformed and unexpected input over a raw `ws` socket (what the SDK client never sends): a parse error keeps the
// socket open (before and after initialize), a batch is refused with -32600 id null, a second initialize is refused,
// a first message other than initialize closes with 1002, an unknown method → -32601, an unknown session → -32002
// with data.sessionId, binary frames are ignored; the 101 carries an Acp-Connection-Id.
// Usage: node malformed.mjs --url ws://127.0.0.1:<port>/acp --token <token>
import { args, check, finish, rawSocket, initializeParams, delay, within } from "./common.mjs";

const a = args();
const PARSE_ERROR = '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}';
const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);

// 1. First message must be initialize.
{
  const raw = await rawSocket(a.url, { token: a.token });
  const id = raw.upgradeHeaders?.["acp-connection-id"];
  check("the 101 carries an Acp-Connection-Id (a UUID)", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id ?? ""), String(id));
  raw.send({ jsonrpc: "2.0", id: 1, method: "session/new", params: { cwd: "/", mcpServers: [] } });
  const closed = await within(raw.closed, 5000, "close after a first message that is not initialize");
  check("first message not initialize → close 1002", closed.code === 1002, JSON.stringify(closed));
  check("the close reason says why", closed.reason === "First message must be initialize", closed.reason);
}

// 2. An initialize notification (no id) is not an initialize request.
{
  const raw = await rawSocket(a.url, { token: a.token });
  raw.notify("initialize", initializeParams("no-id"));
  const closed = await within(raw.closed, 5000, "close after initialize without id");
  check("initialize without an id → close 1002", closed.code === 1002, JSON.stringify(closed));
}

// 3. Parse errors and batches before and after initialize; binary ignored; the socket stays usable throughout.
{
  const raw = await rawSocket(a.url, { token: a.token });
  raw.send("{ this is not json");
  const pe1 = await raw.next((m) => m.error?.code === -32700, 5000, "parse error before initialize");
  check("parse error before initialize → -32700 id null, exact body", same(pe1, JSON.parse(PARSE_ERROR)), JSON.stringify(pe1));
  raw.ws.send(Buffer.from([1, 2, 3]), { binary: true });
  const init = await raw.request("initialize", initializeParams("raw"));
  check("the socket still initializes after a parse error and a binary frame", init.result?.protocolVersion === 1, JSON.stringify(init));

  raw.send("[1, 2");
  const pe2 = await raw.next((m) => m.error?.code === -32700, 5000, "parse error after initialize");
  check("parse error after initialize → -32700, socket kept", same(pe2, JSON.parse(PARSE_ERROR)), JSON.stringify(pe2));

  raw.send([{ jsonrpc: "2.0", id: 7, method: "session/new", params: { cwd: "/", mcpServers: [] } }]);
  const batch = await raw.next((m) => m.error?.code === -32600 && m.id === null, 5000, "batch refusal");
  check("batch → -32600 id null", /batch/i.test(batch.error.message), JSON.stringify(batch));

  const second = await raw.request("initialize", initializeParams("again"));
  check("second initialize → -32600 with its id", second.error?.code === -32600
    && second.error.message === "Initialize not allowed on existing connection", JSON.stringify(second));

  const unknown = await raw.request("no/such_method", {});
  check("unknown method → -32601", unknown.error?.code === -32601, JSON.stringify(unknown));

  const noSession = await raw.request("session/prompt", { sessionId: "sess-missing", prompt: [{ type: "text", text: "x" }] });
  check("unknown session → -32002 with data.sessionId", noSession.error?.code === -32002
    && noSession.error.data?.sessionId === "sess-missing", JSON.stringify(noSession));

  const created = await raw.request("session/new", { cwd: "/", mcpServers: [] });
  check("after all that the socket still works (session/new)", typeof created.result?.sessionId === "string", JSON.stringify(created));
  const numeric = 424242;
  raw.send({ jsonrpc: "2.0", id: numeric, method: "session/prompt", params: { sessionId: created.result.sessionId, prompt: [{ type: "text", text: "ids" }] } });
  const answer = await raw.next((m) => m.id === numeric && !m.method, 5000, "numeric id response");
  check("a numeric request id comes back as the same number", answer.id === numeric && answer.result?.stopReason === "end_turn", JSON.stringify(answer));
  raw.close();
  await within(raw.closed, 5000, "close");
}

// 4. Frames sent right behind initialize (before its answer) are queued in order, not refused.
{
  const raw = await rawSocket(a.url, { token: a.token });
  raw.send({ jsonrpc: "2.0", id: "i", method: "initialize", params: initializeParams("eager") });
  raw.send({ jsonrpc: "2.0", id: "n", method: "session/new", params: { cwd: "/", mcpServers: [] } });
  const init = await raw.next((m) => m.id === "i", 10_000, "initialize response");
  const created = await raw.next((m) => m.id === "n", 10_000, "queued session/new response");
  check("frames behind a pending initialize are queued and answered", init.result && typeof created.result?.sessionId === "string", JSON.stringify(created));
  check("the initialize answer comes first", raw.received.indexOf(init) < raw.received.indexOf(created));
  raw.close();
}

await delay(50);
finish();
