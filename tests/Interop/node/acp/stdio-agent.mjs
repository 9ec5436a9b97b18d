// A real ACP agent over stdio (newline-delimited JSON-RPC on stdin/stdout), written with the official SDK's agent
// side. The Relay's stdio multiplexer tests and the interop tests run it as `node stdio-agent.mjs`.
//
// Prompts (the first text block of session/prompt):
//   stream N          N agent_message_chunk updates, then end_turn
//   permission        session/request_permission (allow/reject), the chosen optionId comes back as a chunk
//   read PATH         fs/read_text_file, the content comes back as a chunk
//   write PATH TEXT   fs/write_text_file, "wrote PATH" comes back as a chunk
//   slow              a chunk every 50 ms until session/cancel (stopReason "cancelled") or the request is cancelled
//   crash             process.exit(3)
//   garbage           writes malformed lines to stdout (not JSON, a JSON array, a bare number), then one chunk
//   stats             one chunk with {"pid", "initializeCount", "clientInfo", "clientCapabilities"} as JSON
//   anything else T   one chunk "echo: T", then end_turn
// session/list lists every session of the process (the Relay filters it per client).
// Every chunk's text starts with "[<sessionId>] " so tests can see cross-talk. A failed client request (the
// client answered with an error) comes back as a chunk "error <code>: <message>" and the turn ends normally.
// stdout carries the protocol only; logs go to stderr.

import { Readable, Writable } from "node:stream";
import { randomUUID } from "node:crypto";
import * as acp from "@agentclientprotocol/sdk";

const log = (text) => process.stderr.write(`stdio-agent[${process.pid}]: ${text}\n`);

/** sessionId → { history: [{kind: "user"|"agent", text}], turns: Set<{cancelled}> (prompts running), cwd: string } */
const sessions = new Map();
let initializeCount = 0;
let lastClientInfo = null;
let lastClientCapabilities = null;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function sessionOf(sessionId) {
  const session = sessions.get(sessionId);
  if (!session) throw acp.RequestError.sessionNotFound(sessionId);
  return session;
}

async function chunk(client, sessionId, session, text) {
  const full = `[${sessionId}] ${text}`;
  session.history.push({ kind: "agent", text: full });
  await client.notify(acp.methods.client.session.update, {
    sessionId,
    update: { sessionUpdate: "agent_message_chunk", content: { type: "text", text: full } },
  });
}

function describeError(error) {
  const code = typeof error?.code === "number" ? error.code : "?";
  return `error ${code}: ${error?.message ?? String(error)}`;
}

async function prompt(client, sessionId, session, text, signal, turn) {
  const stream = /^stream (\d+)$/.exec(text);
  if (stream) {
    const n = Math.min(Number(stream[1]), 100000);
    for (let i = 1; i <= n; i++) await chunk(client, sessionId, session, `chunk ${i}/${n}`);
    return "end_turn";
  }
  if (text === "permission") {
    try {
      const response = await client.request(acp.methods.client.session.requestPermission, {
        sessionId,
        toolCall: { toolCallId: `call-${randomUUID()}`, title: "Run the test tool", kind: "execute", status: "pending" },
        options: [
          { optionId: "allow", name: "Allow", kind: "allow_once" },
          { optionId: "reject", name: "Reject", kind: "reject_once" },
        ],
      });
      const outcome = response?.outcome;
      await chunk(client, sessionId, session, outcome?.outcome === "selected" ? `permission: ${outcome.optionId}` : "permission: cancelled");
    } catch (error) {
      await chunk(client, sessionId, session, describeError(error));
    }
    return "end_turn";
  }
  const read = /^read (\S+)$/.exec(text);
  if (read) {
    try {
      const response = await client.request(acp.methods.client.fs.readTextFile, { sessionId, path: read[1] });
      await chunk(client, sessionId, session, `content: ${response.content}`);
    } catch (error) {
      await chunk(client, sessionId, session, describeError(error));
    }
    return "end_turn";
  }
  const write = /^write (\S+) ([\s\S]*)$/.exec(text);
  if (write) {
    try {
      await client.request(acp.methods.client.fs.writeTextFile, { sessionId, path: write[1], content: write[2] });
      await chunk(client, sessionId, session, `wrote ${write[1]}`);
    } catch (error) {
      await chunk(client, sessionId, session, describeError(error));
    }
    return "end_turn";
  }
  if (text === "slow") {
    // Bounded: 20 minutes of chunks at most, so a forgotten test cannot keep the process busy forever.
    for (let i = 1; i <= 24000; i++) {
      if (turn.cancelled || signal.aborted) return "cancelled";
      await chunk(client, sessionId, session, `slow ${i}`);
      await sleep(50);
    }
    return "end_turn";
  }
  if (text === "crash") {
    log("crash requested, exiting with 3");
    process.exit(3);
  }
  if (text === "garbage") {
    process.stdout.write("this is not json\n");
    process.stdout.write("[1,2,3]\n");
    process.stdout.write("42\n");
    process.stdout.write("{\"jsonrpc\":\"2.0\",\"id\":{\"bad\":1},\"result\":{}}\n");
    await chunk(client, sessionId, session, "after garbage");
    return "end_turn";
  }
  if (text === "stats") {
    await chunk(client, sessionId, session, JSON.stringify({
      pid: process.pid, initializeCount, clientInfo: lastClientInfo, clientCapabilities: lastClientCapabilities,
    }));
    return "end_turn";
  }
  await chunk(client, sessionId, session, `echo: ${text}`);
  return "end_turn";
}

const app = acp.agent({ name: "agentplatform-stdio-test-agent" })
  .onRequest(acp.methods.agent.initialize, ({ params }) => {
    initializeCount++;
    lastClientInfo = params.clientInfo ?? null;
    lastClientCapabilities = params.clientCapabilities ?? null;
    log(`initialize #${initializeCount}`);
    return {
      protocolVersion: acp.PROTOCOL_VERSION,
      agentCapabilities: { loadSession: true, promptCapabilities: { image: false, audio: false, embeddedContext: false } },
      agentInfo: { name: "stdio-agent", version: "1.0.0" },
      authMethods: [],
      _meta: { "stdio-agent/pid": process.pid },
    };
  })
  .onRequest(acp.methods.agent.session.new, ({ params }) => {
    const sessionId = `sess-${randomUUID()}`;
    sessions.set(sessionId, { history: [], turns: new Set(), cwd: params.cwd });
    return { sessionId };
  })
  .onRequest(acp.methods.agent.session.list, () => ({
    sessions: [...sessions.entries()].map(([sessionId, session]) => ({ sessionId, cwd: session.cwd })),
  }))
  .onRequest(acp.methods.agent.session.load, async ({ params, client }) => {
    const session = sessionOf(params.sessionId);
    for (const entry of session.history) {
      await client.notify(acp.methods.client.session.update, {
        sessionId: params.sessionId,
        update: {
          sessionUpdate: entry.kind === "user" ? "user_message_chunk" : "agent_message_chunk",
          content: { type: "text", text: entry.text },
        },
      });
    }
    return {};
  })
  .onRequest(acp.methods.agent.session.prompt, async ({ params, client, signal }) => {
    const session = sessionOf(params.sessionId);
    const text = (params.prompt ?? []).filter((block) => block?.type === "text").map((block) => block.text).join("");
    session.history.push({ kind: "user", text });
    // One flag per turn: a cancel ends the turns running when it arrives, not a prompt that comes after it.
    const turn = { cancelled: false };
    session.turns.add(turn);
    try {
      return { stopReason: await prompt(client, params.sessionId, session, text.trim(), signal, turn) };
    } finally {
      session.turns.delete(turn);
    }
  })
  .onNotification(acp.methods.agent.session.cancel, ({ params }) => {
    for (const turn of sessions.get(params.sessionId)?.turns ?? []) turn.cancelled = true;
  });

const stream = acp.ndJsonStream(Writable.toWeb(process.stdout), Readable.toWeb(process.stdin));
const connection = app.connect(stream);
log("ready");
connection.closed.then(() => {
  log("stdin closed, exiting");
  process.exit(0);
});
