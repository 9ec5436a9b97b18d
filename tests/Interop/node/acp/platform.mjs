// The platform's own agents over ACP through the official SDK client: "one agent, two protocols". echo streams its
// input back as one agent_message_chunk; conversation remembers across prompts and, after a new connection's
// session/load (history replayed as user/agent chunks), goes on counting; tools asks through
// session/request_permission and takes a free-text answer from _meta["agentplatform/reply"].
// Usage: node platform.mjs --url ws://127.0.0.1:<port>/acp --token <token> [--transport ws|http]
import * as acp from "@agentclientprotocol/sdk";
import { args, check, finish, connectClient, openStream, within } from "./common.mjs";

const a = args();
const transport = a.transport ?? "ws";
const T = `[${transport}]`;
const at = (agent) => a.url.replace(/\/acp(\/[^/?]*)?$/, `/acp/${agent}`);

// echo
{
  const c = await connectClient({ url: at("echo"), token: a.token, transport, name: "echo-client" });
  check(`${T} echo: initialize names the platform agent`, c.init.agentInfo?.name === "echo" && c.init.agentCapabilities?.loadSession === true, JSON.stringify(c.init));
  const s = await c.newSession();
  const r = await c.prompt(s, "hello over ACP");
  check(`${T} echo: one chunk with the input`, JSON.stringify(c.texts(s)) === JSON.stringify(["hello over ACP"]), JSON.stringify(c.texts(s)));
  check(`${T} echo: end_turn with the platform's metrics`, r.stopReason === "end_turn" && r._meta?.["agentplatform/metrics"]?.chunks === 1, JSON.stringify(r));
  await c.close();
}

// conversation, across a reconnect
{
  const first = await connectClient({ url: at("conversation"), token: a.token, transport, name: "conv-1" });
  const s = await first.newSession();
  await first.prompt(s, "one");
  const r2 = await first.prompt(s, "two");
  const turn2 = JSON.parse(first.texts(s).at(-1));
  check(`${T} conversation: turn 2 remembers turn 1`, turn2.turn === 2 && JSON.stringify(turn2.history) === '["one","two"]', JSON.stringify(turn2));
  check(`${T} conversation: COMPLETE's result in _meta`, r2._meta?.["agentplatform/result"]?.turn === 2, JSON.stringify(r2));
  await first.close();

  const second = await connectClient({ url: at("conversation"), token: a.token, transport, name: "conv-2" });
  await second.load(s);
  if (transport === "http") {
    // The replayed updates come on the session stream, the load response on the connection stream.
    const deadline = Date.now() + 5000;
    while ((second.updates.get(s) ?? []).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }
  const kinds = (second.updates.get(s) ?? []).map((u) => u.sessionUpdate);
  check(`${T} conversation: load replays prompts and answers`, JSON.stringify(kinds) === JSON.stringify(["user_message_chunk", "agent_message_chunk", "user_message_chunk", "agent_message_chunk"]), JSON.stringify(kinds));
  await second.prompt(s, "three");
  const turn3 = JSON.parse(second.texts(s).at(-1));
  check(`${T} conversation: continues after load on a new connection`, turn3.turn === 3 && turn3.history.length === 3, JSON.stringify(turn3));
  await second.close();
}

// tools: REQUEST → session/request_permission → REPLY (free text through _meta)
{
  const asked = [];
  const app = acp.client({ name: "tools-client" })
    .onNotification(acp.methods.client.session.update, ({ params }) => { asked.push({ update: params.update }); })
    .onRequest(acp.methods.client.session.requestPermission, ({ params }) => {
      asked.push({ permission: params });
      return { outcome: { outcome: "selected", optionId: "allow" }, _meta: { "agentplatform/reply": "Ada" } };
    });
  const connection = app.connect(openStream(at("tools"), a.token, transport));
  await connection.agent.request(acp.methods.agent.initialize, { protocolVersion: 1, clientCapabilities: {}, clientInfo: { name: "tools-client", version: "1" } });
  const { sessionId } = await connection.agent.request(acp.methods.agent.session.new, { cwd: "/", mcpServers: [] });
  const r = await within(connection.agent.request(acp.methods.agent.session.prompt, { sessionId, prompt: [{ type: "text", text: "hi" }] }), 20_000, "tools prompt");
  const permission = asked.find((x) => x.permission)?.permission;
  check(`${T} tools: the question arrives as session/request_permission`, permission?.sessionId === sessionId
    && permission.toolCall?.title === "question: What is your name?" && permission.options?.length === 2, JSON.stringify(permission));
  const text = asked.filter((x) => x.update).map((x) => x.update.content?.text);
  check(`${T} tools: the free-text reply reaches the agent`, text.includes("Hello, Ada!"), JSON.stringify(text));
  check(`${T} tools: the result names the tool`, r.stopReason === "end_turn" && r._meta?.["agentplatform/result"]?.name === "Ada", JSON.stringify(r));
  connection.close();
}
finish();
