// Shared helpers of the ACP interop scripts: arguments (--url ws://host:port/acp --token T), PASS/FAIL checks, bounded
// waits, and an official-SDK client (acp.client over experimental/ws-client or experimental/http-client) that records
// what the agent sends it: session/update per session, and the permission/fs requests routed to it.
import * as acp from "@agentclientprotocol/sdk";
import { createWebSocketStream } from "@agentclientprotocol/sdk/experimental/ws-client";
import { createHttpStream } from "@agentclientprotocol/sdk/experimental/http-client";
import { WebSocket } from "ws";

import { args as parseArgs, waitFor } from "../checks.mjs";
export { check, finish, waitFor, delay } from "../checks.mjs";

export const args = () => parseArgs(["url"], "usage: --url ws://127.0.0.1:<port>/acp --token <token> [--transport ws|http]");

/** Runs a promise to completion within ms, or rejects naming what it waited for. */
export function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The error a rejected promise carried ({code, message, data}), or "resolved" when it did not reject. */
export async function errorOf(promise) {
  try { await promise; return "resolved"; } catch (e) { return e; }
}

export const wsUrl = (url) => url.replace(/^http/, "ws");
export const httpUrl = (url) => url.replace(/^ws/, "http");

/** The subprotocol form of a token: bearer.<base64url(token)>, for clients that cannot set headers. */
export const bearerSubprotocol = (token) => "bearer." + Buffer.from(token, "utf8").toString("base64url");

/** An SDK stream over the chosen transport, authenticated with a Bearer header (or as `auth` says). */
export function openStream(url, token, transport = "ws", auth = "header") {
  if (transport === "http") {
    return createHttpStream(httpUrl(url), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  }
  let target = wsUrl(url);
  const options = { WebSocket };
  if (token && auth === "header") options.headers = { Authorization: `Bearer ${token}` };
  if (token && auth === "query") target += (target.includes("?") ? "&" : "?") + "access_token=" + encodeURIComponent(token);
  if (token && auth === "subprotocol") options.protocols = [bearerSubprotocol(token)];
  return createWebSocketStream(target, options);
}

/** The text of an agent_message_chunk / user_message_chunk update, or undefined. */
export function chunkText(update) {
  return update?.content?.type === "text" ? update.content.text : undefined;
}

/**
 * Connects one SDK client named `name` and initializes it. Returns the recorder: `agent` (ClientContext), `init`
 * (the initialize result), `updates` (sessionId → updates in arrival order), `requests` (agent requests this client
 * answered: {method, sessionId, params}), `newSession(cwd)`, `prompt(sessionId, text)`, `close()`.
 */
export async function connectClient({ url, token, transport = "ws", auth = "header", name = "client", permission = "allow",
  fsCapable = true, meta, timeoutMs = 10_000 }) {
  const rec = { name, updates: new Map(), requests: [], notifications: [] };
  const app = acp.client({ name })
    .onNotification(acp.methods.client.session.update, ({ params }) => {
      const list = rec.updates.get(params.sessionId) ?? [];
      list.push(params.update);
      rec.updates.set(params.sessionId, list);
      rec.notifications.push(params);
    })
    .onRequest(acp.methods.client.session.requestPermission, ({ params }) => {
      rec.requests.push({ method: "session/request_permission", sessionId: params.sessionId, params });
      const option = params.options.find((o) => o.kind?.startsWith(permission)) ?? params.options[0];
      return { outcome: { outcome: "selected", optionId: option.optionId } };
    })
    .onRequest(acp.methods.client.fs.readTextFile, ({ params }) => {
      rec.requests.push({ method: "fs/read_text_file", sessionId: params.sessionId, params });
      return { content: `contents of ${params.path} held by ${name}` };
    })
    .onRequest(acp.methods.client.fs.writeTextFile, ({ params }) => {
      rec.requests.push({ method: "fs/write_text_file", sessionId: params.sessionId, params });
      return {};
    });
  rec.connection = app.connect(openStream(url, token, transport, auth));
  rec.agent = rec.connection.agent;
  const params = {
    protocolVersion: 1,
    clientCapabilities: { fs: { readTextFile: fsCapable, writeTextFile: fsCapable }, terminal: false },
    clientInfo: { name, version: "1.0.0" },
  };
  if (meta) params._meta = meta;
  rec.init = await within(rec.agent.request(acp.methods.agent.initialize, params), timeoutMs, `${name} initialize`);
  rec.newSession = async (cwd = "/") =>
    (await within(rec.agent.request(acp.methods.agent.session.new, { cwd, mcpServers: [] }), timeoutMs, `${name} session/new`)).sessionId;
  rec.prompt = (sessionId, text, ms = timeoutMs) =>
    within(rec.agent.request(acp.methods.agent.session.prompt, { sessionId, prompt: [{ type: "text", text }] }), ms, `${name} prompt "${text}"`);
  rec.load = (sessionId, cwd = "/") =>
    within(rec.agent.request(acp.methods.agent.session.load, { sessionId, cwd, mcpServers: [] }), timeoutMs, `${name} session/load`);
  rec.texts = (sessionId, kind = "agent_message_chunk") =>
    (rec.updates.get(sessionId) ?? []).filter((u) => u.sessionUpdate === kind).map(chunkText);
  rec.close = async () => {
    rec.connection.close();
    await within(rec.connection.closed.catch(() => {}), 5000, `${name} close`).catch(() => {});
  };
  return rec;
}

/**
 * A raw `ws` socket speaking JSON-RPC text frames, for what the SDK client will not send (malformed input, batches,
 * extension methods): `send(obj|string)`, `request(method, params)` (waits for the response with that id),
 * `next(predicate)` (the first received message matching, in arrival order), `closed` ({code, reason}).
 */
export async function rawSocket(url, { token, auth = "header", protocols, extraHeaders = {} } = {}) {
  let target = wsUrl(url);
  const headers = { ...extraHeaders };
  if (token && auth === "header") headers.Authorization = `Bearer ${token}`;
  if (token && auth === "query") target += (target.includes("?") ? "&" : "?") + "access_token=" + encodeURIComponent(token);
  const offered = protocols ?? (token && auth === "subprotocol" ? [bearerSubprotocol(token)] : undefined);
  const ws = new WebSocket(target, offered, { headers });
  const received = [];
  const raw = { ws, received, upgradeHeaders: undefined };
  raw.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on("upgrade", (res) => { raw.upgradeHeaders = res.headers; });
  ws.on("message", (data, isBinary) => { if (!isBinary) received.push(JSON.parse(data.toString())); });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
  });
  let nextId = 1;
  const taken = new WeakSet();
  raw.send = (msg) => ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  raw.notify = (method, params) => raw.send({ jsonrpc: "2.0", method, params });
  raw.request = async (method, params, ms = 10_000) => {
    const id = `raw-${nextId++}`;
    raw.send({ jsonrpc: "2.0", id, method, params });
    return raw.next((m) => m.id === id && !m.method, ms, `response to ${method}`);
  };
  /** The first message (from the start) matching; each message is returned once. */
  raw.next = async (predicate, ms = 10_000, what = "a message") => {
    let found;
    await waitFor(() => {
      const i = received.findIndex((m) => !taken.has(m) && predicate(m));
      if (i >= 0) { found = received[i]; taken.add(found); return true; }
      return false;
    }, ms, what);
    return found;
  };
  raw.close = () => { try { ws.close(); } catch { /* already closed */ } };
  return raw;
}

/** Upgrade refused: resolves to the HTTP status of the refusal, or "open" when the socket opened. */
export async function upgradeStatus(url, { token, auth = "header", protocols } = {}) {
  try {
    const raw = await rawSocket(url, { token, auth, protocols });
    raw.close();
    return "open";
  } catch (e) {
    return e.status ?? String(e);
  }
}

export const initializeParams = (name, meta) => ({
  protocolVersion: 1,
  clientCapabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: false },
  clientInfo: { name, version: "1.0.0" },
  ...(meta ? { _meta: meta } : {}),
});

process.on("unhandledRejection", (err) => {
  console.log(`FAIL unhandled rejection ${err?.stack ?? err}`);
  process.exit(1);
});
process.on("uncaughtException", (err) => {
  console.log(`FAIL uncaught exception ${err?.stack ?? err}`);
  process.exit(1);
});
