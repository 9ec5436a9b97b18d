// Protocol cases, part 2: persistent identities, signatures, proposals, the identity policies, limits, fuzz and
// platform agents (docs/protocol/agentchat.md §4, §6.3, §7-9). See cases.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChatConnection, Identity, agentIdOf, connectAgent, signedMsg, signing, verify } from './client.mjs';
import { channelWithOwner, chan, closeAll, expectError, join, nm, stillServes } from './helpers.mjs';

export const trustCases = {
  async 'persistent-identity-id-and-takeover'({ seed }) {
    const id = Identity.generate(nm('key'));
    const first = await connectAgent(seed, id.name, { identity: id });
    assert.equal(first.welcome.agent_id, agentIdOf(id.pubkey));
    assert.match(first.welcome.agent_id, /^@[0-9a-f]{8}$/);
    const second = await connectAgent(seed, id.name, { identity: id, label: 'second' });
    assert.equal(second.welcome.agent_id, first.welcome.agent_id, 'the same key gets the same id');
    const kicked = await first.conn.nextOfType('ERROR');
    assert.equal(kicked.code, 'INVALID_MSG');
    const closed = await first.conn.waitClosed();
    assert.equal(closed.code, 1000);
    // The new connection owns the id: DMs reach it.
    const other = (await connectAgent(seed, nm('o'))).conn;
    other.send({ type: 'MSG', to: id.agentId, content: 'to the new one' });
    assert.equal((await second.conn.nextOfType('MSG')).content, 'to the new one');
    closeAll(second.conn, other);
  },

  async 'identity-file-format'({ seed }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentchat-id-'));
    try {
      const file = path.join(dir, '.agentchat', 'identity.json');
      Identity.generate(nm('file')).save(file);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.deepEqual(Object.keys(raw).sort(), ['created', 'name', 'privkey', 'pubkey']);
      assert.match(raw.pubkey, /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n$/);
      assert.match(raw.privkey, /^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
      assert.ok(!Number.isNaN(Date.parse(raw.created)));
      const loaded = Identity.load(file);
      const { conn, welcome } = await connectAgent(seed, loaded.name, { identity: loaded });
      assert.equal(welcome.agent_id, agentIdOf(raw.pubkey));
      closeAll(conn);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },

  async 'signed-msg-verifiable-from-the-wire'({ seed }) {
    const id = Identity.generate(nm('signer'));
    const a = (await connectAgent(seed, id.name, { identity: id })).conn;
    const b = (await connectAgent(seed, nm('reader'))).conn;
    const { channel } = { channel: chan() };
    a.send({ type: 'CREATE_CHANNEL', channel });
    await a.nextOfType('JOINED');
    await join(b, channel);
    const ts = Date.now() - 12345; // not the server's clock: it must survive as sent
    a.send(signedMsg(id, channel, 'signed hello', ts));
    const m = await b.nextOfType('MSG');
    assert.equal(m.ts, ts, 'the client ts of a signed message is kept');
    assert.ok(verify(signing.msg(m.to, m.content, m.ts), m.sig, id.pubkey), 'the recipient cannot verify the signature');
    // Signed DMs too.
    a.send(signedMsg(id, b.agentId, 'signed dm', ts + 1));
    const dm = await b.next((f) => f.type === 'MSG' && f.to === b.agentId);
    assert.ok(verify(signing.msg(dm.to, dm.content, dm.ts), dm.sig, id.pubkey));
    closeAll(a, b);
  },

  async 'forged-signature-refused'({ seed }) {
    const id = Identity.generate(nm('signer'));
    const mallory = Identity.generate(nm('mallory'));
    const a = (await connectAgent(seed, id.name, { identity: id })).conn;
    await join(a, '#general');
    const forged = signedMsg(mallory, '#general', 'forged', Date.now());
    a.send(forged);
    await expectError(a, 'VERIFICATION_FAILED');
    const tampered = signedMsg(id, '#general', 'original', Date.now());
    tampered.content = 'tampered';
    a.send(tampered);
    await expectError(a, 'VERIFICATION_FAILED');
    assert.ok(await a.nothing((f) => f.type === 'MSG' && f.from === a.agentId), 'a forged message was delivered');
    await stillServes(a);
    closeAll(a);
  },

  async 'proposal-accept-complete'({ seed }) {
    const alice = Identity.generate(nm('alice'));
    const bob = Identity.generate(nm('bob'));
    const a = (await connectAgent(seed, alice.name, { identity: alice })).conn;
    const b = (await connectAgent(seed, bob.name, { identity: bob })).conn;
    const p = { to: b.agentId, task: 'translate a file', amount: 5, currency: 'USDC', payment_code: 'pc-1', terms: 'net 0', expires: 300 };
    a.send({ type: 'PROPOSAL', ...p, sig: alice.sign(signing.proposal(p)) });
    const seen = [];
    for (const c of [b, a]) seen.push(await c.nextOfType('PROPOSAL'));
    const [pb, pa] = seen;
    assert.match(pb.id, /^prop_/);
    assert.equal(pa.id, pb.id);
    assert.deepEqual([pb.from, pb.to, pb.task, pb.amount, pb.currency, pb.payment_code, pb.terms, pb.status], [a.agentId, b.agentId, p.task, 5, 'USDC', 'pc-1', 'net 0', 'pending']);
    assert.ok(pb.expires > Date.now() + 290_000 && pb.expires < Date.now() + 310_000, 'expires is absolute ms');
    assert.equal(typeof pb.created_at, 'number');
    assert.ok(verify(signing.proposal(p), pb.sig, alice.pubkey));
    // Only the recipient accepts.
    a.send({ type: 'ACCEPT', proposal_id: pb.id, sig: alice.sign(signing.accept(pb.id, '')) });
    await expectError(a, 'INVALID_PROPOSAL');
    b.send({ type: 'ACCEPT', proposal_id: pb.id, payment_code: 'pc-b', sig: bob.sign(signing.accept(pb.id, 'pc-b')) });
    for (const c of [a, b]) {
      const acc = await c.nextOfType('ACCEPT');
      assert.deepEqual([acc.proposal_id, acc.status, acc.payment_code], [pb.id, 'accepted', 'pc-b']);
      assert.equal(typeof acc.updated_at, 'number');
    }
    b.send({ type: 'COMPLETE', proposal_id: pb.id, proof: 'sha:abc', sig: bob.sign(signing.complete(pb.id, 'sha:abc')) });
    for (const c of [a, b]) {
      const done = await c.nextOfType('COMPLETE');
      assert.deepEqual([done.proposal_id, done.status, done.completed_by, done.proof], [pb.id, 'completed', b.agentId, 'sha:abc']);
      assert.equal(typeof done.completed_at, 'number');
      assert.ok(verify(signing.complete(pb.id, 'sha:abc'), done.sig, bob.pubkey));
    }
    // Finished: no second completion.
    a.send({ type: 'COMPLETE', proposal_id: pb.id, sig: alice.sign(signing.complete(pb.id, '')) });
    await expectError(a, 'INVALID_PROPOSAL');
    closeAll(a, b);
  },

  async 'proposal-reject-and-dispute'({ seed }) {
    const alice = Identity.generate(nm('alice'));
    const bob = Identity.generate(nm('bob'));
    const a = (await connectAgent(seed, alice.name, { identity: alice })).conn;
    const b = (await connectAgent(seed, bob.name, { identity: bob })).conn;
    const propose = async (task) => {
      const p = { to: b.agentId, task };
      a.send({ type: 'PROPOSAL', ...p, sig: alice.sign(signing.proposal(p)) });
      await a.nextOfType('PROPOSAL');
      return (await b.nextOfType('PROPOSAL')).id;
    };
    const first = await propose('first');
    b.send({ type: 'REJECT', proposal_id: first, reason: 'busy', sig: bob.sign(signing.reject(first, 'busy')) });
    for (const c of [a, b]) {
      const r = await c.nextOfType('REJECT');
      assert.deepEqual([r.proposal_id, r.status, r.reason], [first, 'rejected', 'busy']);
    }
    // A pending proposal cannot be disputed, a rejected one cannot be accepted.
    b.send({ type: 'ACCEPT', proposal_id: first, sig: bob.sign(signing.accept(first, '')) });
    await expectError(b, 'INVALID_PROPOSAL');
    const second = await propose('second');
    a.send({ type: 'DISPUTE', proposal_id: second, reason: 'early', sig: alice.sign(signing.dispute(second, 'early')) });
    await expectError(a, 'INVALID_PROPOSAL');
    b.send({ type: 'ACCEPT', proposal_id: second, sig: bob.sign(signing.accept(second, '')) });
    await a.nextOfType('ACCEPT');
    await b.nextOfType('ACCEPT');
    a.send({ type: 'DISPUTE', proposal_id: second, reason: 'never delivered', sig: alice.sign(signing.dispute(second, 'never delivered')) });
    for (const c of [a, b]) {
      const d = await c.nextOfType('DISPUTE');
      assert.deepEqual([d.proposal_id, d.status, d.disputed_by, d.reason], [second, 'disputed', a.agentId, 'never delivered']);
      assert.equal(typeof d.disputed_at, 'number');
    }
    b.send({ type: 'ACCEPT', proposal_id: 'prop_nope_00000000', sig: bob.sign(signing.accept('prop_nope_00000000', '')) });
    await expectError(b, 'INVALID_PROPOSAL');
    closeAll(a, b);
  },

  async 'proposal-requires-identity-and-valid-signature'({ seed }) {
    const bob = Identity.generate(nm('bob'));
    const b = (await connectAgent(seed, bob.name, { identity: bob })).conn;
    const eph = (await connectAgent(seed, nm('eph'))).conn;
    const p = { to: b.agentId, task: 'x' };
    eph.send({ type: 'PROPOSAL', ...p, sig: bob.sign(signing.proposal(p)) });
    await expectError(eph, 'SIGNATURE_REQUIRED');
    const alice = Identity.generate(nm('alice'));
    const a = (await connectAgent(seed, alice.name, { identity: alice })).conn;
    a.send({ type: 'PROPOSAL', ...p, sig: bob.sign(signing.proposal(p)) });
    await expectError(a, 'VERIFICATION_FAILED');
    a.send({ type: 'PROPOSAL', ...p });
    await expectError(a, 'INVALID_MSG');
    a.send({ type: 'PROPOSAL', to: '#general', task: 'x', sig: 'AAAA' });
    await expectError(a, 'INVALID_MSG');
    const q = { to: '@zzzzzzzz', task: 'x' };
    a.send({ type: 'PROPOSAL', ...q, sig: alice.sign(signing.proposal(q)) });
    await expectError(a, 'AGENT_NOT_FOUND');
    assert.ok(await b.nothing((f) => f.type === 'PROPOSAL'), 'a refused proposal was delivered');
    closeAll(a, b, eph);
  },

  async 'seed-policy-accepts-a-key-claim'({ seed }) {
    // The seed-era login: IDENTIFY with a pubkey is answered by WELCOME at once, no CHALLENGE.
    const id = Identity.generate(nm('seed'));
    const conn = await ChatConnection.open(seed);
    conn.send({ type: 'IDENTIFY', name: id.name, pubkey: id.pubkey });
    const w = await conn.next();
    assert.equal(w.type, 'WELCOME');
    assert.equal(w.agent_id, id.agentId);
    closeAll(conn);
  },

  async 'challenge-policy-login'({ challenge }) {
    const id = Identity.generate(nm('ch'));
    const { conn, challenge: c, welcome } = await connectAgent(challenge, id.name, { identity: id });
    assert.match(c.challenge_id, /\S/);
    assert.match(c.nonce, /^[0-9a-f]{32}$/);
    assert.ok(c.expires_at > Date.now() && c.expires_at <= Date.now() + 61_000, `expires_at ${c.expires_at}`);
    assert.equal(welcome.agent_id, id.agentId);
    closeAll(conn);
    // Ephemeral agents are not challenged.
    const eph = await ChatConnection.open(challenge);
    eph.send({ type: 'IDENTIFY', name: nm('eph') });
    assert.equal((await eph.next()).type, 'WELCOME');
    closeAll(eph);
  },

  async 'challenge-policy-refusals'({ challenge }) {
    const id = Identity.generate(nm('ch'));
    const other = Identity.generate(nm('thief'));
    // A key claim without the private key: the answer signed by another key fails.
    const { conn, challenge: c } = await connectAgent(challenge, id.name, { identity: id, answer: false });
    assert.equal(c.type, 'CHALLENGE');
    conn.send({ type: 'JOIN', channel: '#general' });
    await expectError(conn, 'AUTH_REQUIRED');
    const ts = Date.now();
    conn.send({ type: 'VERIFY_IDENTITY', challenge_id: c.challenge_id, signature: other.sign(signing.auth(c.nonce, c.challenge_id, ts)), timestamp: ts });
    await expectError(conn, 'VERIFICATION_FAILED');
    // An unknown challenge id is expired.
    const { conn: conn2, challenge: c2 } = await connectAgent(challenge, id.name, { identity: id, answer: false, label: 'second' });
    conn2.send({ type: 'VERIFY_IDENTITY', challenge_id: 'chal_nope_00000000', signature: id.sign(signing.auth(c2.nonce, 'chal_nope_00000000', ts)), timestamp: ts });
    await expectError(conn2, 'VERIFICATION_EXPIRED');
    // A malformed answer is INVALID_MSG.
    conn2.send({ type: 'VERIFY_IDENTITY', challenge_id: c2.challenge_id });
    await expectError(conn2, 'INVALID_MSG');
    closeAll(conn, conn2);
  },

  async 'limit-frame-over-2mib-closes-1009'({ seed }) {
    const { conn } = await connectAgent(seed, nm('big'));
    conn.sendRaw(JSON.stringify({ type: 'MSG', to: '#general', content: 'x'.repeat(2 * 1024 * 1024 + 10) }));
    const closed = await conn.waitClosed(10000);
    assert.equal(closed.code, 1009);
    // The server still serves others.
    const { conn: next } = await connectAgent(seed, nm('after'));
    await stillServes(next);
    closeAll(next);
  },

  async 'limit-pre-auth-frames-close-1008'({ seed }) {
    const conn = await ChatConnection.open(seed);
    for (let i = 0; i < 12; i++) conn.send({ type: 'PING' });
    const closed = await conn.waitClosed(10000);
    assert.equal(closed.code, 1008);
    const big = await ChatConnection.open(seed);
    big.sendRaw(JSON.stringify({ type: 'IDENTIFY', name: 'x', pad: 'y'.repeat(64 * 1024) }));
    assert.equal((await big.waitClosed(10000)).code, 1009, 'a large frame before IDENTIFY');
  },

  async 'limit-invalid-utf8'({ seed }) {
    const { conn } = await connectAgent(seed, nm('utf8'));
    const bad = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"<FF FE>"}
    conn.sendRaw(bad, { binary: true });
    await expectError(conn, 'INVALID_MSG'); // a binary frame is read as text: malformed, the connection stays
    await stillServes(conn);
    conn.sendRaw(bad, { binary: false });
    assert.equal((await conn.waitClosed()).code, 1007, 'a text frame that is not UTF-8');
  },

  async 'fuzz-leaves-server-serving'({ seed }) {
    const { owner, channel } = await channelWithOwner(seed);
    const fuzzer = (await connectAgent(seed, nm('fuzz'))).conn;
    const base = [
      { type: 'MSG', to: channel, content: 'x' }, { type: 'JOIN', channel }, { type: 'IDENTIFY', name: 'n' },
      { type: 'PROPOSAL', to: '@x', task: 't', sig: 's' }, { type: 'INVITE', channel, agent: '@a' }, { type: 'VERIFY_IDENTITY', challenge_id: 'c' },
    ];
    let seedValue = 12345;
    const rnd = (n) => { seedValue = (seedValue * 1103515245 + 12345) & 0x7fffffff; return seedValue % n; };
    for (let i = 0; i < 300; i++) {
      const text = JSON.stringify(base[rnd(base.length)]);
      const bytes = Buffer.from(text, 'utf8');
      for (let k = 0; k < 1 + rnd(4); k++) bytes[rnd(bytes.length)] = rnd(256);
      fuzzer.sendRaw(rnd(5) === 0 ? bytes : bytes.toString('latin1'), { binary: rnd(5) === 0 });
      if (fuzzer.closed) break;
    }
    // Whatever happened to the fuzzer, everyone else is served.
    owner.send({ type: 'MSG', to: channel, content: 'still here' });
    assert.equal((await owner.next((f) => f.type === 'MSG' && f.content === 'still here')).from, owner.agentId);
    await stillServes(owner);
    closeAll(owner, fuzzer);
  },

  // Relay only (run.mjs --platform <agent> --token <agent-socket token>): a platform agent of the Registry is a member
  // addressable as @name; a DM to it is an invocation whose streamed chunks come back as DMs from it. Only a connection
  // that presented the Relay's token may invoke (here in the query). The Relay's echo agent streams its input back.
  async 'platform-agent-dm'({ seed, platform, token }) {
    assert.ok(platform && token, 'needs --platform <agent name> --token <token>');
    const url = seed + (seed.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(token);
    const { conn } = await connectAgent(url, nm('caller'));
    const target = '@' + platform;
    const content = 'ping from node \u{1F916}';
    // The Relay learns the Registry's agents from its watch stream: until then the name is AGENT_NOT_FOUND.
    let echo;
    for (let i = 0; i < 50; i++) {
      conn.send({ type: 'MSG', to: target, content });
      echo = await conn.next((f) => (f.type === 'MSG' && f.from === conn.agentId) || f.type === 'ERROR');
      if (echo.type === 'MSG') break;
      assert.equal(echo.code, 'AGENT_NOT_FOUND');
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual([echo.type, echo.to, echo.content], ['MSG', target, content]);
    const reply = await conn.next((f) => f.type === 'MSG' && f.from === target, 10000, `a DM from ${target}`);
    assert.deepEqual([reply.to, reply.content], [conn.agentId, content]);
    // And it is a member of #agents (the Relay reads the Registry's names in the background, every few seconds).
    let list = [];
    for (let i = 0; i < 40 && !list.includes(target); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 250));
      conn.send({ type: 'LIST_AGENTS', channel: '#agents' });
      list = (await conn.nextOfType('AGENTS')).list;
    }
    assert.ok(list.includes(target), `${target} is not listed in #agents: ${JSON.stringify(list)}`);
    closeAll(conn);
  },
};
