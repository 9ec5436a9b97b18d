// Protocol cases, part 1: identification, channels, messages, lists, invitations, ping, the rate limit
// (docs/protocol/agentchat.md §2-6). See cases.mjs.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { ChatConnection, connectAgent } from './client.mjs';
import { channelWithOwner, chan, closeAll, expectError, join, nm, stillServes } from './helpers.mjs';

export const chatCases = {
  async 'identify-ephemeral'({ seed }) {
    const conn = await ChatConnection.open(seed);
    conn.send({ type: 'IDENTIFY', name: nm('eph') });
    const w = await conn.nextOfType('WELCOME');
    assert.match(w.agent_id, /^@[a-z0-9]{8}$/);
    assert.equal(typeof w.server, 'string');
    assert.equal(typeof w.ts, 'number');
    closeAll(conn);
  },

  async 'identify-null-pubkey-is-ephemeral'({ seed }) {
    // Seed-era clients send "pubkey": null when they have no identity.
    const conn = await ChatConnection.open(seed);
    conn.send({ type: 'IDENTIFY', name: nm('nul'), pubkey: null });
    const w = await conn.nextOfType('WELCOME');
    assert.match(w.agent_id, /^@[a-z0-9]{8}$/);
    closeAll(conn);
  },

  async 'identify-twice-is-invalid'({ seed }) {
    const { conn } = await connectAgent(seed, nm('twice'));
    conn.send({ type: 'IDENTIFY', name: nm('again') });
    await expectError(conn, 'INVALID_MSG');
    await stillServes(conn);
    closeAll(conn);
  },

  async 'identify-invalid-names'({ seed }) {
    const conn = await ChatConnection.open(seed);
    for (const name of ['', 'has space', 'x'.repeat(33), 'bad!', 42, null]) {
      conn.send({ type: 'IDENTIFY', name });
      await expectError(conn, 'INVALID_MSG');
    }
    conn.send({ type: 'IDENTIFY', name: 'A_valid-name_' + 'x'.repeat(19) }); // exactly 32
    await conn.nextOfType('WELCOME');
    closeAll(conn);
  },

  async 'identify-invalid-pubkeys'({ seed }) {
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
    const conn = await ChatConnection.open(seed);
    for (const pubkey of ['not a key', rsa, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', 7]) {
      conn.send({ type: 'IDENTIFY', name: nm('key'), pubkey });
      await expectError(conn, 'INVALID_MSG');
    }
    await stillServes(conn);
    closeAll(conn);
  },

  async 'auth-required-before-identify'({ seed }) {
    const conn = await ChatConnection.open(seed);
    for (const frame of [
      { type: 'JOIN', channel: '#general' },
      { type: 'MSG', to: '#general', content: 'x' },
      { type: 'CREATE_CHANNEL', channel: chan() },
      { type: 'INVITE', channel: '#general', agent: '@abcdefgh' },
    ]) {
      conn.send(frame);
      await expectError(conn, 'AUTH_REQUIRED');
    }
    await stillServes(conn);
    closeAll(conn);
  },

  async 'join-general-and-agent-joined'({ seed }) {
    const a = (await connectAgent(seed, nm('a'))).conn;
    const b = (await connectAgent(seed, nm('b'))).conn;
    const ja = await join(a, '#general');
    assert.equal(ja.type, 'JOINED');
    assert.ok(ja.agents.includes(a.agentId));
    const jb = await join(b, '#general');
    assert.equal(jb.type, 'JOINED');
    assert.ok(jb.agents.includes(a.agentId) && jb.agents.includes(b.agentId));
    const notice = await a.next((f) => f.type === 'AGENT_JOINED' && f.agent === b.agentId);
    assert.equal(notice.channel, '#general');
    assert.ok(await b.nothing((f) => f.type === 'AGENT_JOINED' && f.agent === b.agentId), 'the joiner is not told of itself');
    closeAll(a, b);
  },

  async 'join-errors'({ seed }) {
    const { conn } = await connectAgent(seed, nm('j'));
    conn.send({ type: 'JOIN', channel: chan() });
    await expectError(conn, 'CHANNEL_NOT_FOUND');
    for (const channel of ['general', '#', '#has space', '#' + 'x'.repeat(32), 5]) {
      conn.send({ type: 'JOIN', channel });
      await expectError(conn, 'INVALID_MSG');
    }
    await stillServes(conn);
    closeAll(conn);
  },

  async 'leave-and-agent-left'({ seed }) {
    const { owner, channel } = await channelWithOwner(seed);
    const b = (await connectAgent(seed, nm('b'))).conn;
    await join(b, channel);
    await owner.next((f) => f.type === 'AGENT_JOINED' && f.agent === b.agentId);
    b.send({ type: 'LEAVE', channel });
    const left = await b.nextOfType('LEFT');
    assert.equal(left.channel, channel);
    const notice = await owner.next((f) => f.type === 'AGENT_LEFT');
    assert.deepEqual([notice.channel, notice.agent], [channel, b.agentId]);
    // No longer a member: channel messages are refused.
    b.send({ type: 'MSG', to: channel, content: 'after leave' });
    await expectError(b, 'NOT_INVITED');
    closeAll(owner, b);
  },

  async 'disconnect-sends-agent-left'({ seed }) {
    const { owner, channel } = await channelWithOwner(seed);
    const b = (await connectAgent(seed, nm('b'))).conn;
    await join(b, channel);
    await owner.next((f) => f.type === 'AGENT_JOINED' && f.agent === b.agentId);
    b.close();
    const notice = await owner.next((f) => f.type === 'AGENT_LEFT');
    assert.deepEqual([notice.channel, notice.agent], [channel, b.agentId]);
    // And the agent is gone: a DM to it is AGENT_NOT_FOUND.
    owner.send({ type: 'MSG', to: b.agentId, content: 'are you there' });
    await expectError(owner, 'AGENT_NOT_FOUND');
    closeAll(owner);
  },

  async 'msg-channel-reaches-every-member-and-the-sender'({ seed }) {
    const { owner, channel } = await channelWithOwner(seed);
    const others = [];
    for (let i = 0; i < 3; i++) {
      const c = (await connectAgent(seed, nm('m'))).conn;
      await join(c, channel);
      others.push(c);
    }
    const content = 'héllo "wörld" \u{1F600}\n';
    owner.send({ type: 'MSG', to: channel, content });
    for (const c of [owner, ...others]) {
      const m = await c.nextOfType('MSG');
      assert.deepEqual([m.from, m.to, m.content], [owner.agentId, channel, content]);
      assert.equal(typeof m.ts, 'number');
      assert.equal(m.replay, undefined);
    }
    const outsider = (await connectAgent(seed, nm('out'))).conn;
    assert.ok(await outsider.nothing((f) => f.type === 'MSG' && f.to === channel), 'a non-member got a channel MSG');
    closeAll(owner, outsider, ...others);
  },

  async 'msg-channel-errors'({ seed }) {
    const { owner, channel } = await channelWithOwner(seed);
    const b = (await connectAgent(seed, nm('b'))).conn;
    b.send({ type: 'MSG', to: channel, content: 'not a member' });
    await expectError(b, 'NOT_INVITED');
    b.send({ type: 'MSG', to: chan(), content: 'nowhere' });
    await expectError(b, 'CHANNEL_NOT_FOUND');
    assert.ok(await owner.nothing((f) => f.type === 'MSG'), 'a refused MSG was delivered');
    closeAll(owner, b);
  },

  async 'msg-invalid-frames'({ seed }) {
    const { conn } = await connectAgent(seed, nm('inv'));
    await join(conn, '#general');
    for (const frame of [
      { type: 'MSG', content: 'no target' },
      { type: 'MSG', to: 'general', content: 'bad target' },
      { type: 'MSG', to: '#general' },
      { type: 'MSG', to: '#general', content: 12 },
      { type: 'MSG', to: '#general', content: 'x'.repeat(4097) },
      { type: 'MSG', to: '#general', content: 'x', sig: 5 },
    ]) {
      conn.send(frame);
      await expectError(conn, 'INVALID_MSG');
    }
    conn.send({ type: 'MSG', to: '#general', content: 'y'.repeat(4096) });
    const m = await conn.next((f) => f.type === 'MSG' && f.from === conn.agentId);
    assert.equal(m.content.length, 4096);
    closeAll(conn);
  },

  async 'malformed-frames-keep-the-connection'({ seed }) {
    const { conn } = await connectAgent(seed, nm('bad'));
    for (const raw of ['{not json', '[]', '42', '"MSG"', 'null', '{}', '{"type":"NOPE"}', '{"type":7}', JSON.stringify({ type: 'MSG', to: '#general', content: 'x' }).slice(0, -1)]) {
      conn.sendRaw(raw);
      await expectError(conn, 'INVALID_MSG');
    }
    await stillServes(conn);
    closeAll(conn);
  },

  async 'dm-reaches-target-and-echoes'({ seed }) {
    const a = (await connectAgent(seed, nm('a'))).conn;
    const b = (await connectAgent(seed, nm('b'))).conn;
    const c = (await connectAgent(seed, nm('c'))).conn;
    a.send({ type: 'MSG', to: b.agentId, content: 'private' });
    for (const conn of [b, a]) {
      const m = await conn.nextOfType('MSG');
      assert.deepEqual([m.from, m.to, m.content], [a.agentId, b.agentId, 'private']);
    }
    assert.ok(await c.nothing((f) => f.type === 'MSG'), 'a third party saw the DM');
    a.send({ type: 'MSG', to: '@zzzzzzzz', content: 'nobody' });
    await expectError(a, 'AGENT_NOT_FOUND');
    closeAll(a, b, c);
  },

  async 'replay-last-20-marked'({ seed }) {
    const { owner, channel } = await channelWithOwner(seed);
    // Three senders keep each within the rate limit's burst.
    const senders = [owner];
    for (let i = 0; i < 2; i++) {
      const s = (await connectAgent(seed, nm('s'))).conn;
      await join(s, channel);
      senders.push(s);
    }
    let n = 0;
    for (const s of senders) {
      for (let i = 0; i < 8; i++) s.send({ type: 'MSG', to: channel, content: `m${n++}` });
      await s.next((f) => f.type === 'MSG' && f.content === `m${n - 1}`);
    }
    const late = (await connectAgent(seed, nm('late'))).conn;
    const joined = await join(late, channel);
    assert.equal(joined.type, 'JOINED');
    const replayed = [];
    for (let i = 0; i < 20; i++) replayed.push(await late.nextOfType('MSG'));
    assert.deepEqual(replayed.map((m) => m.content), Array.from({ length: 20 }, (_, i) => `m${i + 4}`));
    assert.ok(replayed.every((m) => m.replay === true && m.to === channel && typeof m.from === 'string'));
    assert.ok(await late.nothing((f) => f.type === 'MSG'), 'more than 20 replayed');
    // Live messages after the replay are not marked.
    owner.send({ type: 'MSG', to: channel, content: 'live' });
    const live = await late.nextOfType('MSG');
    assert.equal(live.content, 'live');
    assert.equal(live.replay, undefined);
    closeAll(late, ...senders);
  },

  async 'list-channels-hides-invite-only'({ seed }) {
    const open = await channelWithOwner(seed);
    const hidden = await channelWithOwner(seed, true);
    const conn = (await connectAgent(seed, nm('l'))).conn;
    conn.send({ type: 'LIST_CHANNELS' });
    const list = (await conn.nextOfType('CHANNELS')).list;
    const names = list.map((c) => c.name);
    assert.ok(names.includes('#general') && names.includes('#agents') && names.includes(open.channel), JSON.stringify(names));
    assert.ok(!names.includes(hidden.channel), 'an invite-only channel was listed');
    assert.equal(list.find((c) => c.name === open.channel).agents, 1);
    assert.ok(list.every((c) => typeof c.agents === 'number'));
    closeAll(conn, open.owner, hidden.owner);
  },

  async 'list-agents'({ seed }) {
    const { owner, channel } = await channelWithOwner(seed);
    const b = (await connectAgent(seed, nm('b'))).conn;
    await join(b, channel);
    b.send({ type: 'LIST_AGENTS', channel });
    const agents = await b.nextOfType('AGENTS');
    assert.equal(agents.channel, channel);
    assert.deepEqual([...agents.list].sort(), [owner.agentId, b.agentId].sort());
    b.send({ type: 'LIST_AGENTS', channel: chan() });
    await expectError(b, 'CHANNEL_NOT_FOUND');
    b.send({ type: 'LIST_AGENTS', channel: 'nohash' });
    await expectError(b, 'INVALID_MSG');
    closeAll(owner, b);
  },

  async 'create-channel'({ seed }) {
    const { conn } = await connectAgent(seed, nm('cr'));
    const channel = chan();
    conn.send({ type: 'CREATE_CHANNEL', channel });
    const joined = await conn.nextOfType('JOINED');
    assert.deepEqual([joined.channel, joined.agents], [channel, [conn.agentId]]);
    conn.send({ type: 'CREATE_CHANNEL', channel });
    await expectError(conn, 'CHANNEL_EXISTS');
    conn.send({ type: 'CREATE_CHANNEL', channel: '#general' });
    await expectError(conn, 'CHANNEL_EXISTS');
    conn.send({ type: 'CREATE_CHANNEL', channel: 'bad name' });
    await expectError(conn, 'INVALID_MSG');
    closeAll(conn);
  },

  async 'invite-only-and-invite'({ seed }) {
    const { owner, channel } = await channelWithOwner(seed, true);
    const b = (await connectAgent(seed, nm('b'))).conn;
    const c = (await connectAgent(seed, nm('c'))).conn;
    assert.equal((await join(b, channel)).code, 'NOT_INVITED');
    // Only a member may invite.
    c.send({ type: 'INVITE', channel, agent: b.agentId });
    await expectError(c, 'NOT_INVITED');
    c.send({ type: 'INVITE', channel: chan(), agent: b.agentId });
    await expectError(c, 'CHANNEL_NOT_FOUND');
    c.send({ type: 'INVITE', channel, agent: 'no-at' });
    await expectError(c, 'INVALID_MSG');
    owner.send({ type: 'INVITE', channel, agent: b.agentId });
    const notice = await b.nextOfType('MSG');
    assert.equal(notice.from, owner.agentId);
    assert.equal(notice.to, b.agentId);
    assert.ok(notice.content.includes(channel), notice.content);
    const joined = await join(b, channel);
    assert.equal(joined.type, 'JOINED');
    assert.equal((await join(c, channel)).code, 'NOT_INVITED');
    closeAll(owner, b, c);
  },

  async 'ping-pong'({ seed }) {
    const { conn } = await connectAgent(seed, nm('p'));
    conn.send({ type: 'PING' });
    const pong = await conn.nextOfType('PONG');
    assert.equal(typeof pong.ts, 'number');
    closeAll(conn);
  },

  async 'rate-limit-token-bucket'({ seed }) {
    const { owner, channel } = await channelWithOwner(seed);
    for (let i = 0; i < 12; i++) owner.send({ type: 'MSG', to: channel, content: `r${i}` });
    const got = [];
    let limited = 0;
    while (got.length + limited < 12) {
      const f = await owner.next((x) => x.type === 'MSG' || x.type === 'ERROR');
      if (f.type === 'MSG') got.push(f.content);
      else { assert.equal(f.code, 'RATE_LIMITED'); limited++; }
    }
    assert.deepEqual(got, Array.from({ length: 10 }, (_, i) => `r${i}`), 'the burst of 10 passes in order');
    assert.equal(limited, 2);
    await stillServes(owner);
    // One token comes back per second.
    await new Promise((r) => setTimeout(r, 1150));
    owner.send({ type: 'MSG', to: channel, content: 'after' });
    assert.equal((await owner.next((x) => x.type === 'MSG' || x.type === 'ERROR')).content, 'after');
    owner.send({ type: 'MSG', to: channel, content: 'too soon' });
    await expectError(owner, 'RATE_LIMITED');
    closeAll(owner);
  },
};
