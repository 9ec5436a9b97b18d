// Auth on the ACP endpoint: no token or a wrong one → 401 before any message, on the WebSocket upgrade and on an HTTP
// POST; the token is accepted as an Authorization Bearer header, as ?access_token= and as a bearer.<base64url>
// subprotocol (through the SDK's ws-client `protocols` option); an unknown agent → 404 before any upgrade.
// Usage: node auth.mjs --url ws://127.0.0.1:<port>/acp --token <token>
import { args, check, finish, connectClient, upgradeStatus, httpUrl, initializeParams } from "./common.mjs";

const a = args();

check("no token → 401 on the upgrade", (await upgradeStatus(a.url, {})) === 401);
check("wrong token → 401 on the upgrade", (await upgradeStatus(a.url, { token: a.token + "x" })) === 401);
check("wrong token as a subprotocol → 401", (await upgradeStatus(a.url, { token: a.token + "x", auth: "subprotocol" })) === 401);
check("wrong token in the query → 401", (await upgradeStatus(a.url, { token: a.token + "x", auth: "query" })) === 401);

const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: initializeParams("http") });
const post = (headers) => fetch(httpUrl(a.url), { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });
const noToken = await post({});
check("no token → 401 on POST", noToken.status === 401, String(noToken.status));
const wrong = await post({ Authorization: `Bearer ${a.token}x` });
check("wrong token → 401 on POST", wrong.status === 401, String(wrong.status));
const good = await post({ Authorization: `Bearer ${a.token}` });
const goodBody = good.status === 200 ? await good.json() : await good.text();
check("Bearer header on POST initialize → 200 + Acp-Connection-Id", good.status === 200 && !!good.headers.get("acp-connection-id")
  && goodBody.result?.protocolVersion === 1, `${good.status} ${JSON.stringify(goodBody)}`);
if (good.headers.get("acp-connection-id")) {
  await fetch(httpUrl(a.url), { method: "DELETE", headers: { Authorization: `Bearer ${a.token}`, "Acp-Connection-Id": good.headers.get("acp-connection-id") } });
}
const getNoToken = await fetch(httpUrl(a.url), { headers: { Accept: "text/event-stream" } });
check("no token → 401 on GET", getNoToken.status === 401, String(getNoToken.status));

for (const auth of ["header", "query", "subprotocol"]) {
  try {
    const c = await connectClient({ url: a.url, token: a.token, auth, name: `auth-${auth}` });
    const s = await c.newSession();
    const r = await c.prompt(s, `via ${auth}`);
    check(`token as ${auth}: SDK client initializes and prompts`, r.stopReason === "end_turn" && c.texts(s).at(-1) === `[${s}] echo: via ${auth}`);
    await c.close();
  } catch (e) {
    check(`token as ${auth}: SDK client initializes and prompts`, false, String(e?.message ?? e));
  }
}

const base = httpUrl(a.url).replace(/\/acp(\/[^/?]*)?$/, "/acp");
const missing = await fetch(`${base}/no-such-agent-${Date.now()}`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${a.token}` }, body });
check("unknown agent → 404", missing.status === 404, String(missing.status));
check("unknown agent → 404 on the upgrade", (await upgradeStatus(`${base}/no-such-agent-${Date.now()}`, { token: a.token })) === 404);
finish();
