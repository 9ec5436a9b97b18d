// The SDK's own ACP server (experimental/server AcpServer on node:http through experimental/node). Two uses: the
// reference the interop tests run the raw-wire scripts against too (they must pass on both, so what they expect is
// the SDK's behaviour), and the baseline bench/Acp.Bench measures the Relay against. Its agent connector pipes each
// client connection to its own child process running the stdio agent (the SDK has no multiplexer: one ACP
// connection is one agent process). Bearer token checked on every HTTP request and on the upgrade, as the SDK's
// example server does.
// Usage: node sdk-server.mjs --port P --token T --agent path/to/stdio-agent.mjs
// Prints "LISTENING <port>" once it accepts connections; "STATS" on stdin answers with child pids as JSON; exits
// (killing its children) on SIGTERM or when its stdin closes.
import http from "node:http";
import { spawn } from "node:child_process";
import { Readable, Writable } from "node:stream";
import { createInterface } from "node:readline";
import { WebSocketServer } from "ws";
import * as acp from "@agentclientprotocol/sdk";
import { AcpServer } from "@agentclientprotocol/sdk/experimental/server";
import { createNodeHttpHandler, createNodeWebSocketUpgradeHandler } from "@agentclientprotocol/sdk/experimental/node";

const argv = process.argv.slice(2);
const opt = {};
for (let i = 0; i < argv.length; i += 2) opt[argv[i].replace(/^--/, "")] = argv[i + 1];
const token = opt.token ?? "";
const children = new Set();

const connector = {
  connect(stream) {
    const child = spawn(process.execPath, [opt.agent], { stdio: ["pipe", "pipe", "ignore"] });
    children.add(child);
    const agentStream = acp.ndJsonStream(Writable.toWeb(child.stdin), Readable.toWeb(child.stdout));
    const closed = Promise.allSettled([
      stream.readable.pipeTo(agentStream.writable),
      agentStream.readable.pipeTo(stream.writable),
    ]).then(() => {
      children.delete(child);
      child.kill();
    });
    child.on("exit", () => children.delete(child));
    return { closed };
  },
};

const server = new AcpServer({ agent: connector });
const httpHandler = createNodeHttpHandler(server);
const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
const upgrade = createNodeWebSocketUpgradeHandler(server, wss);

const authorized = (req) => !token || req.headers.authorization === `Bearer ${token}`;

const httpServer = http.createServer((req, res) => {
  if (!authorized(req)) {
    res.writeHead(401).end();
    return;
  }
  httpHandler(req, res);
});
httpServer.on("upgrade", (req, socket, head) => {
  if (!authorized(req)) {
    socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  upgrade(req, socket, head);
});
httpServer.listen(Number(opt.port ?? 0), "127.0.0.1", () => {
  console.log(`LISTENING ${httpServer.address().port}`);
});

createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() === "STATS") console.log(`STATS ${JSON.stringify({ pid: process.pid, children: [...children].map((c) => c.pid) })}`);
});
process.stdin.on("end", () => shutdown());
process.on("SIGTERM", () => shutdown());

async function shutdown() {
  for (const child of children) child.kill();
  await server.close().catch(() => {});
  process.exit(0);
}
