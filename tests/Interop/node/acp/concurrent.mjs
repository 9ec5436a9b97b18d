// N SDK clients (default 20) on one agent at once, each with its own session streaming chunks concurrently:
// every chunk a client gets names its own session (no cross-talk), none is lost, all prompts end end_turn.
// Usage: node concurrent.mjs --url ws://127.0.0.1:<port>/acp --token <token> [--transport ws|http] [--clients 20] [--chunks 25]
import { args, check, finish, connectClient, within } from "./common.mjs";

const a = args();
const transport = a.transport ?? "ws";
const n = Number(a.clients ?? 20);
const chunks = Number(a.chunks ?? 25);
const T = `[${transport}]`;

const clients = await within(Promise.all(Array.from({ length: n }, (_, i) =>
  connectClient({ url: a.url, token: a.token, transport, name: `client-${i}` }))), 30_000, `${n} clients connecting`);
check(`${T} ${n} clients initialized`, clients.every((c) => c.init.protocolVersion === 1));
const sessions = await Promise.all(clients.map((c) => c.newSession()));
check(`${T} ${n} distinct sessions`, new Set(sessions).size === n);

const results = await within(Promise.all(clients.map((c, i) => c.prompt(sessions[i], `stream ${chunks}`, 60_000))), 60_000, "all prompts");
check(`${T} every prompt ended end_turn`, results.every((r) => r.stopReason === "end_turn"), JSON.stringify(results.map((r) => r.stopReason)));

let crossTalk = 0;
let wrongCount = 0;
for (let i = 0; i < n; i++) {
  const c = clients[i];
  for (const [sessionId, updates] of c.updates) {
    if (sessionId !== sessions[i]) crossTalk += updates.length;
    for (const u of updates) if (!u.content?.text?.startsWith(`[${sessions[i]}] `)) crossTalk++;
  }
  const texts = c.texts(sessions[i]);
  if (texts.length !== chunks || !texts.every((t, k) => t === `[${sessions[i]}] chunk ${k + 1}/${chunks}`)) wrongCount++;
}
check(`${T} no client received another session's chunk`, crossTalk === 0, `${crossTalk} foreign updates`);
check(`${T} every client got exactly its ${chunks} chunks in order`, wrongCount === 0, `${wrongCount} clients wrong`);

// A second round on the same connections, with the prompts interleaved the other way round.
const again = await within(Promise.all(clients.slice().reverse().map((c) => c.prompt(sessions[clients.indexOf(c)], "hello"))), 30_000, "second round");
check(`${T} a second round answers every client`, again.every((r) => r.stopReason === "end_turn"));
check(`${T} each echo reached its own client`, clients.every((c, i) => c.texts(sessions[i]).at(-1) === `[${sessions[i]}] echo: hello`));

await within(Promise.all(clients.map((c) => c.close())), 15_000, "closing clients");
finish();
