// An AgentChat client written from docs/protocol/agentchat.md alone (npm `ws` + node's crypto), used by the
// protocol cases (cases.mjs), the spec example replayer (spec-examples.mjs) and, in the interop suite, against the
// Relay's /agentchat and the standalone engine. Nothing here is derived from any other implementation.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';

/** A connection: every server frame is queued; next() takes them in order, waiting up to a bound. */
export class ChatConnection {
  constructor(ws, label) {
    this.ws = ws;
    this.label = label;
    this.frames = [];
    this.waiters = [];
    this.closed = null; // {code, reason} once closed
    this.closeWaiters = [];
    ws.on('message', (data, isBinary) => {
      let frame;
      try {
        frame = JSON.parse(data.toString('utf8'));
      } catch {
        frame = { type: '__UNPARSABLE__', raw: data.toString('utf8'), binary: isBinary };
      }
      this.frames.push(frame);
      this._wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this._wake();
      for (const w of this.closeWaiters.splice(0)) w(this.closed);
    });
    ws.on('error', () => {});
  }

  static open(url, label = 'client') {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
      const conn = new ChatConnection(ws, label);
      const timer = setTimeout(() => { ws.terminate(); reject(new Error(`${label}: connect timeout`)); }, 10000);
      ws.once('open', () => { clearTimeout(timer); resolve(conn); });
      ws.once('error', (e) => { clearTimeout(timer); reject(e); });
    });
  }

  send(frame) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  sendRaw(data, options = {}) {
    this.ws.send(data, options);
  }

  /** The next frame (optionally the next one satisfying `match`, skipping others), or throws after `ms`. */
  next(match = null, ms = 5000, what = 'a frame') {
    return new Promise((resolve, reject) => {
      const tryTake = () => {
        const i = match ? this.frames.findIndex(match) : (this.frames.length > 0 ? 0 : -1);
        return i < 0 ? null : this.frames.splice(i, 1)[0];
      };
      const got = tryTake();
      if (got) return resolve(got);
      if (this.closed) return reject(new Error(`${this.label}: closed (${this.closed.code}) while waiting for ${what}`));
      const waiter = () => {
        const f = tryTake();
        if (f) { done(); resolve(f); return true; }
        if (this.closed) { done(); reject(new Error(`${this.label}: closed (${this.closed.code}) while waiting for ${what}; had ${JSON.stringify(this.frames)}`)); return true; }
        return false;
      };
      const timer = setTimeout(() => { done(); reject(new Error(`${this.label}: timed out waiting for ${what}; had ${JSON.stringify(this.frames).slice(0, 800)}`)); }, ms);
      const done = () => { clearTimeout(timer); this.waiters = this.waiters.filter((w) => w !== waiter); };
      this.waiters.push(waiter);
    });
  }

  /** The next frame of a type (others before it stay queued). */
  nextOfType(type, ms = 5000) {
    return this.next((f) => f.type === type, ms, type);
  }

  /** True when no frame satisfying `match` arrives within `ms`. */
  async nothing(match, ms = 300) {
    try {
      await this.next(match, ms, 'nothing');
      return false;
    } catch {
      return true;
    }
  }

  /** A PING/PONG round trip: proves the connection still serves, and that everything sent before was handled. */
  async barrier(ms = 5000) {
    this.send({ type: 'PING' });
    await this.nextOfType('PONG', ms);
  }

  waitClosed(ms = 5000) {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label}: not closed within ${ms} ms`)), ms);
      this.closeWaiters.push((c) => { clearTimeout(timer); resolve(c); });
    });
  }

  close() {
    if (!this.closed) this.ws.close(1000);
  }

  _wake() {
    for (const w of [...this.waiters]) w();
  }
}

/** An Ed25519 identity in the file format of the spec (§ Identity file): SPKI and PKCS#8 PEM. */
export class Identity {
  constructor({ name, pubkey, privkey, created }) {
    this.name = name;
    this.pubkey = pubkey;
    this.privkey = privkey;
    this.created = created;
    this._key = privkey ? crypto.createPrivateKey(privkey) : null;
  }

  static generate(name) {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    return new Identity({
      name,
      pubkey: publicKey.export({ type: 'spki', format: 'pem' }),
      privkey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      created: new Date().toISOString(),
    });
  }

  /** Writes the identity file with mode 0600 (it holds the private key). */
  save(file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const body = JSON.stringify({ name: this.name, pubkey: this.pubkey, privkey: this.privkey, created: this.created }, null, 2);
    fs.writeFileSync(file, body, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
  }

  static load(file) {
    return new Identity(JSON.parse(fs.readFileSync(file, 'utf8')));
  }

  /** The persistent agent id: "@" + the first 8 hex digits of sha256 over the PEM exactly as sent. */
  get agentId() {
    return agentIdOf(this.pubkey);
  }

  /** Ed25519 over the UTF-8 bytes of `text`, base64. */
  sign(text) {
    return crypto.sign(null, Buffer.from(text, 'utf8'), this._key).toString('base64');
  }
}

export function agentIdOf(pem) {
  return '@' + crypto.createHash('sha256').update(pem, 'utf8').digest('hex').slice(0, 8);
}

export function verify(text, sigBase64, pem) {
  try {
    return crypto.verify(null, Buffer.from(text, 'utf8'), crypto.createPublicKey(pem), Buffer.from(sigBase64, 'base64'));
  } catch {
    return false;
  }
}

/** The signing texts of the spec (§ Signatures). */
export const signing = {
  msg: (to, content, ts) => JSON.stringify({ to, content, ts }),
  proposal: (p) => [p.to, p.task, p.amount || '', p.currency || '', p.payment_code || '', p.expires || ''].join('|'),
  accept: (id, paymentCode) => `ACCEPT|${id}|${paymentCode ?? ''}`,
  reject: (id, reason) => `REJECT|${id}|${reason ?? ''}`,
  complete: (id, proof) => `COMPLETE|${id}|${proof ?? ''}`,
  dispute: (id, reason) => `DISPUTE|${id}|${reason}`,
  auth: (nonce, challengeId, timestamp) => `AGENTCHAT_AUTH|${nonce}|${challengeId}|${timestamp}`,
};

/**
 * Connects and identifies. With an identity, answers a CHALLENGE if the server sends one (unless `answer` is
 * false). Resolves {conn, welcome, challenge?}.
 */
export async function connectAgent(url, name, { identity = null, answer = true, label = name } = {}) {
  const conn = await ChatConnection.open(url, label);
  conn.send({ type: 'IDENTIFY', name, ...(identity ? { pubkey: identity.pubkey } : {}) });
  const first = await conn.next((f) => f.type === 'WELCOME' || f.type === 'CHALLENGE' || f.type === 'ERROR', 5000, 'WELCOME or CHALLENGE');
  if (first.type === 'ERROR') throw new Error(`${label}: IDENTIFY refused: ${first.code} ${first.message}`);
  if (first.type === 'WELCOME') {
    conn.agentId = first.agent_id;
    return { conn, welcome: first };
  }
  if (!answer) return { conn, challenge: first };
  const timestamp = Date.now();
  conn.send({ type: 'VERIFY_IDENTITY', challenge_id: first.challenge_id, signature: identity.sign(signing.auth(first.nonce, first.challenge_id, timestamp)), timestamp });
  const welcome = await conn.nextOfType('WELCOME');
  conn.agentId = welcome.agent_id;
  return { conn, welcome, challenge: first };
}

/** A signed MSG frame (the client's ts is part of what is signed). */
export function signedMsg(identity, to, content, ts = Date.now()) {
  return { type: 'MSG', to, content, ts, sig: identity.sign(signing.msg(to, content, ts)) };
}
