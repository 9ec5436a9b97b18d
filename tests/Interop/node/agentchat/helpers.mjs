// Helpers shared by the protocol cases (cases-chat.mjs, cases-trust.mjs).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { connectAgent } from './client.mjs';

export const rand = () => crypto.randomBytes(4).toString('hex');
export const chan = () => `#t${rand()}`;
export const nm = (p) => `${p}-${rand()}`;

/** A fresh channel made by a fresh agent, plus that agent's connection. */
export async function channelWithOwner(url, inviteOnly = false) {
  const owner = (await connectAgent(url, nm('owner'))).conn;
  const channel = chan();
  owner.send({ type: 'CREATE_CHANNEL', channel, invite_only: inviteOnly });
  const joined = await owner.nextOfType('JOINED');
  assert.equal(joined.channel, channel);
  return { owner, channel };
}

export async function join(conn, channel) {
  conn.send({ type: 'JOIN', channel });
  return conn.next((f) => f.type === 'JOINED' || f.type === 'ERROR', 5000, `JOINED ${channel}`);
}

export async function expectError(conn, code) {
  const e = await conn.nextOfType('ERROR');
  assert.equal(e.code, code, `expected ERROR ${code}, got ${JSON.stringify(e)}`);
  assert.equal(typeof e.message, 'string');
  return e;
}

/** Still open and serving after an error (the spec: errors never close the connection). */
export async function stillServes(conn) {
  await conn.barrier();
  assert.equal(conn.closed, null);
}

export function closeAll(...conns) {
  for (const c of conns) c?.close();
}
