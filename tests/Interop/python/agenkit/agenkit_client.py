"""An agenkit protocol client written only with Python 3's standard library, from seed 003's text alone.

It shares no code with the .NET implementation, so that the Relay's listener and the SDK's LocalAgent are proven
against an independent reading of the spec:

* framing (seed 003 section 3.3): a 32-bit unsigned big-endian length, then that many bytes of UTF-8 JSON;
  10 MB maximum, refused by this client before the body is read;
* the envelope (section 2.2): {version "1.0", type, id, timestamp ISO 8601 UTC, payload};
* requests `process` and `stream` with {method, agent_name, message {role, content, metadata, timestamp}};
  `response {message}`, `stream_chunk {message}` ... `stream_end {}` answered by the request's id;
* errors {error_code, error_message, error_details} raised as AgenkitError;
* `register`, `heartbeat`, `unregister` (section 2.2 and 4.4);
* many requests in flight on one connection, matched by id (a reader task dispatches every frame to its waiter);
* an optional platform access token (docs/protocol/agenkit.md section 8, not in the seed), sent with every envelope as
  "Bearer <token>" in payload.message.metadata.authorization (requests) or payload.metadata.authorization.
"""

import asyncio
import json
import struct
import uuid
from datetime import datetime, timezone

PROTOCOL_VERSION = "1.0"
MAX_MESSAGE_SIZE = 10 * 1024 * 1024
TYPES = {"request", "response", "error", "heartbeat", "register", "unregister", "stream_chunk", "stream_end"}


class AgenkitError(Exception):
    """An error envelope (or a local failure named with one of the seed's codes)."""

    def __init__(self, code, message, details=None, envelope=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.details = details or {}
        self.envelope = envelope


def now_iso():
    """ISO 8601 UTC with milliseconds and a Z, as the seed's examples write it."""
    t = datetime.now(timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def envelope(type_, payload, id_=None, version=PROTOCOL_VERSION):
    return {"version": version, "type": type_, "id": id_ or str(uuid.uuid4()), "timestamp": now_iso(), "payload": payload}


def message(content, role="user", metadata=None):
    return {"role": role, "content": content, "metadata": metadata or {}, "timestamp": now_iso()}


def encode_frame(obj):
    """One frame: the length prefix and the compact UTF-8 JSON body."""
    body = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return struct.pack(">I", len(body)) + body


def frame_bytes(body):
    return struct.pack(">I", len(body)) + body


def validate(env):
    """The checks of seed 003 section 8.3, applied to what the peer sends us."""
    if not isinstance(env, dict):
        raise AgenkitError("INVALID_MESSAGE", "envelope is not a JSON object")
    for field in ("version", "type", "id", "payload"):
        if field not in env:
            raise AgenkitError("INVALID_MESSAGE", f"missing '{field}'", envelope=env)
    if env["version"] != PROTOCOL_VERSION:
        raise AgenkitError("UNSUPPORTED_VERSION", f"unsupported version {env['version']!r}", envelope=env)
    if env["type"] not in TYPES:
        raise AgenkitError("INVALID_MESSAGE", f"invalid type {env['type']!r}", envelope=env)


def parse_endpoint(endpoint):
    if endpoint.startswith("unix://"):
        return ("unix", endpoint[len("unix://"):])
    if endpoint.startswith("tcp://"):
        host, _, port = endpoint[len("tcp://"):].rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"bad tcp endpoint {endpoint!r}")
        return ("tcp", (host.strip("[]"), int(port)))
    raise ValueError(f"unsupported endpoint {endpoint!r}")


async def open_stream(endpoint, limit=MAX_MESSAGE_SIZE + 4):
    kind, where = parse_endpoint(endpoint)
    if kind == "unix":
        return await asyncio.open_unix_connection(where, limit=limit)
    return await asyncio.open_connection(where[0], where[1], limit=limit)


async def read_frame(reader, max_size=MAX_MESSAGE_SIZE):
    """Reads one frame's body; None at a clean end of stream. An announced length over max_size is refused unread."""
    try:
        head = await reader.readexactly(4)
    except asyncio.IncompleteReadError as e:
        if not e.partial:
            return None
        raise AgenkitError("CONNECTION_CLOSED", "connection closed inside a length prefix")
    (length,) = struct.unpack(">I", head)
    if length > max_size:
        raise AgenkitError("MALFORMED_PAYLOAD", f"announced frame of {length} bytes is over {max_size}")
    try:
        return await reader.readexactly(length)
    except asyncio.IncompleteReadError:
        raise AgenkitError("CONNECTION_CLOSED", "connection closed inside a frame body")


class Connection:
    """One connection; requests are pipelined and answered by id."""

    def __init__(self, reader, writer, max_size=MAX_MESSAGE_SIZE, token=None):
        self._token = token
        self._reader = reader
        self._writer = writer
        self._max_size = max_size
        self._waiters = {}          # id -> asyncio.Queue of envelopes
        self.unmatched = []         # envelopes whose id no request of ours used (e.g. connection-level errors)
        self.closed = asyncio.get_running_loop().create_future()
        self._write_lock = asyncio.Lock()
        self._task = asyncio.create_task(self._read_loop())

    @classmethod
    async def open(cls, endpoint, max_size=MAX_MESSAGE_SIZE, token=None):
        reader, writer = await open_stream(endpoint)
        return cls(reader, writer, max_size, token)

    def _authorize(self, env):
        """Puts the token where the Relay reads it: the request's message metadata, else the payload's metadata."""
        if self._token:
            payload = env["payload"]
            owner = payload["message"] if isinstance(payload.get("message"), dict) else payload
            owner.setdefault("metadata", {})["authorization"] = "Bearer " + self._token
        return env

    async def _read_loop(self):
        reason = None
        try:
            while True:
                body = await read_frame(self._reader, self._max_size)
                if body is None:
                    break
                try:
                    env = json.loads(body.decode("utf-8"))
                    validate(env)
                except (UnicodeDecodeError, json.JSONDecodeError) as e:
                    reason = AgenkitError("MALFORMED_PAYLOAD", f"peer sent bad JSON: {e}")
                    break
                queue = self._waiters.get(env.get("id"))
                if queue is None:
                    self.unmatched.append(env)
                    # A connection-level error (no id of ours) ends every call in flight.
                    if env.get("type") == "error":
                        for q in list(self._waiters.values()):
                            q.put_nowait(env)
                else:
                    queue.put_nowait(env)
        except AgenkitError as e:
            reason = e
        except (ConnectionError, OSError) as e:
            reason = AgenkitError("CONNECTION_CLOSED", str(e))
        finally:
            reason = reason or AgenkitError("CONNECTION_CLOSED", "the peer closed the connection")
            for q in list(self._waiters.values()):
                q.put_nowait(reason)
            if not self.closed.done():
                self.closed.set_result(reason)

    async def send(self, env):
        await self.send_bytes(encode_frame(env))

    async def send_bytes(self, data):
        async with self._write_lock:
            self._writer.write(data)
            await self._writer.drain()

    def _register(self, id_):
        if id_ in self._waiters:
            raise ValueError(f"id {id_} already in flight")
        q = asyncio.Queue()
        self._waiters[id_] = q
        return q

    async def _next(self, q, timeout):
        item = await asyncio.wait_for(q.get(), timeout)
        if isinstance(item, AgenkitError):
            raise item
        if item.get("type") == "error":
            p = item.get("payload") or {}
            raise AgenkitError(p.get("error_code"), p.get("error_message"), p.get("error_details"), item)
        return item

    async def call(self, type_, payload, timeout=30.0, id_=None):
        """Sends one envelope and returns the single envelope answered with its id."""
        env = self._authorize(envelope(type_, payload, id_))
        q = self._register(env["id"])
        try:
            await self.send(env)
            return await self._next(q, timeout)
        finally:
            self._waiters.pop(env["id"], None)

    async def process(self, agent, content, metadata=None, timeout=30.0):
        reply = await self.call("request", {"method": "process", "agent_name": agent,
                                            "message": message(content, metadata=metadata)}, timeout)
        if reply["type"] != "response":
            raise AgenkitError("INVALID_MESSAGE", f"expected response, got {reply['type']}", envelope=reply)
        return reply["payload"]["message"]

    async def stream(self, agent, content, metadata=None, timeout=30.0):
        """Yields each stream_chunk's message until stream_end."""
        env = self._authorize(envelope("request", {"method": "stream", "agent_name": agent, "message": message(content, metadata=metadata)}))
        q = self._register(env["id"])
        try:
            await self.send(env)
            while True:
                item = await self._next(q, timeout)
                if item["type"] == "stream_end":
                    return
                if item["type"] != "stream_chunk":
                    raise AgenkitError("INVALID_MESSAGE", f"expected stream_chunk, got {item['type']}", envelope=item)
                yield item["payload"]["message"]
        finally:
            self._waiters.pop(env["id"], None)

    async def register(self, agent, endpoint, capabilities=None, metadata=None, timeout=30.0):
        return await self.call("register", {"agent_name": agent, "capabilities": capabilities or {},
                                            "endpoint": endpoint, "metadata": metadata or {}}, timeout)

    async def heartbeat(self, agent, status="healthy", timeout=30.0):
        return await self.call("heartbeat", {"agent_name": agent, "status": status}, timeout)

    async def unregister(self, agent, timeout=30.0):
        return await self.call("unregister", {"agent_name": agent}, timeout)

    async def close(self):
        try:
            self._writer.close()
            await self._writer.wait_closed()
        except (ConnectionError, OSError):
            pass
        await asyncio.gather(self._task, return_exceptions=True)
