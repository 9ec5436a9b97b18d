#!/usr/bin/env python3
"""Drives an agenkit endpoint with the standard-library client (agenkit_client.py) and prints JSON lines.

  agenkit_cli.py process    ENDPOINT AGENT CONTENT_JSON [SESSION]  one process call: {"message": ...}
  agenkit_cli.py authed     ENDPOINT AGENT CONTENT_JSON TOKEN  process then stream with a platform access token:
                                                               {"message": ...} or {"error": ...}, then {"chunks": N}
  agenkit_cli.py stream     ENDPOINT AGENT CONTENT_JSON        {"chunk": ...} per stream_chunk, then {"end": true}
  agenkit_cli.py concurrent ENDPOINT AGENT CALLS CONNECTIONS   CALLS process + 1 stream per connection, all at once
  agenkit_cli.py errors     ENDPOINT                           the seed's error cases, each on a fresh connection
  agenkit_cli.py raw        ENDPOINT HEX                       send bytes as they are, print what comes back
  agenkit_cli.py registry   ENDPOINT NAME AGENT_ENDPOINT       register, heartbeat, unregister
  agenkit_cli.py bench      ENDPOINT AGENT CALLS WARMUP [raw]  sequential process round trips: p50/p99 in us
  agenkit_cli.py serve      ENDPOINT                           a LocalAgent of our own ("Echo: " + content; "hang" never
                                                               answers); READY when up

Exit code 0 when the scenario's own checks held, 1 when one failed (the output says which), 2 on a timeout.
"""

import asyncio
import json
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agenkit_client as ak  # noqa: E402

TIMEOUT = float(os.environ.get("AGENKIT_TIMEOUT", "20"))


def out(obj):
    print(json.dumps(obj, separators=(",", ":")), flush=True)


def err_obj(e):
    return {"error_code": e.code, "error_message": e.message, "error_details": e.details}


async def cmd_process(endpoint, agent, content, session=None):
    conn = await ak.Connection.open(endpoint)
    try:
        metadata = {"session_id": session} if session else None
        out({"message": await conn.process(agent, json.loads(content), metadata=metadata, timeout=TIMEOUT)})
    except ak.AgenkitError as e:
        out({"error": err_obj(e)})
    finally:
        await conn.close()
    return 0


async def cmd_authed(endpoint, agent, content, token):
    conn = await ak.Connection.open(endpoint, token=token)
    try:
        out({"message": await conn.process(agent, json.loads(content), timeout=TIMEOUT)})
        chunks = 0
        async for _ in conn.stream(agent, json.loads(content), timeout=TIMEOUT):
            chunks += 1
        out({"chunks": chunks})
    except ak.AgenkitError as e:
        out({"error": err_obj(e)})
    finally:
        await conn.close()
    return 0


async def cmd_stream(endpoint, agent, content):
    conn = await ak.Connection.open(endpoint)
    try:
        async for chunk in conn.stream(agent, json.loads(content), timeout=TIMEOUT):
            out({"chunk": chunk})
        out({"end": True})
    except ak.AgenkitError as e:
        out({"error": err_obj(e)})
    finally:
        await conn.close()
    return 0


async def cmd_concurrent(endpoint, agent, calls, connections):
    """Every call carries its own marker; each answer must come back to the call that sent it (matched by id)."""
    async def one(conn, c, i):
        marker = f"c{c}-i{i}"
        reply = await conn.process(agent, {"marker": marker}, timeout=TIMEOUT)
        return marker in json.dumps(reply["content"])

    async def streamed(conn, c):
        marker = f"c{c}-stream"
        chunks = [ch async for ch in conn.stream(agent, {"marker": marker}, timeout=TIMEOUT)]
        return len(chunks) >= 1 and all(marker in json.dumps(ch["content"]) for ch in chunks)

    conns = [await ak.Connection.open(endpoint) for _ in range(connections)]
    started = time.perf_counter()
    try:
        jobs = []
        for c, conn in enumerate(conns):
            jobs += [one(conn, c, i) for i in range(calls)]
            jobs.append(streamed(conn, c))
        results = await asyncio.gather(*jobs, return_exceptions=True)
    finally:
        for conn in conns:
            await conn.close()
    failures = [repr(r) for r in results if r is not True]
    out({"calls": len(results), "matched": sum(1 for r in results if r is True), "failures": failures[:5],
         "seconds": round(time.perf_counter() - started, 3)})
    return 0 if not failures else 1


async def exchange(endpoint, data, wait=1.0):
    """Sends raw bytes; returns (envelopes received, closed by the peer?)."""
    reader, writer = await ak.open_stream(endpoint)
    got, closed = [], False
    try:
        writer.write(data)
        await writer.drain()
        while True:
            try:
                body = await asyncio.wait_for(ak.read_frame(reader, 1 << 30), wait)
            except asyncio.TimeoutError:
                break
            except ak.AgenkitError:
                closed = True
                break
            if body is None:
                closed = True
                break
            try:
                got.append(json.loads(body.decode("utf-8")))
            except (UnicodeDecodeError, json.JSONDecodeError):
                got.append({"undecodable": body.hex()})
    except (ConnectionError, OSError):
        closed = True
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except (ConnectionError, OSError):
            pass
    return got, closed


def error_cases():
    good = ak.envelope("request", {"method": "process", "agent_name": "echo", "message": ak.message("x")})
    missing_type = {k: v for k, v in good.items() if k != "type"}
    no_id = {k: v for k, v in good.items() if k != "id"}
    return [
        ("unknown_agent", ak.encode_frame(ak.envelope("request", {"method": "process", "agent_name": "no-such-agent-here",
                                                                  "message": ak.message("x")}))),
        ("unsupported_version", ak.encode_frame({**good, "version": "9.9"})),
        ("malformed_json", ak.frame_bytes(b'{"version":"1.0","type":')),
        ("invalid_utf8", ak.frame_bytes(b'{"version":"1.0","type":"request","id":"\xff\xfe","payload":{}}')),
        ("not_an_object", ak.frame_bytes(b'[1,2,3]')),
        ("missing_type", ak.encode_frame(missing_type)),
        ("missing_id", ak.encode_frame(no_id)),
        ("unknown_type", ak.encode_frame({**good, "type": "gossip"})),
        ("unknown_method", ak.encode_frame(ak.envelope("request", {"method": "dance", "agent_name": "echo"}))),
        ("missing_message", ak.encode_frame(ak.envelope("request", {"method": "process", "agent_name": "echo"}))),
        ("oversize", struct.pack(">I", ak.MAX_MESSAGE_SIZE + 1) + b"{"),
    ]


async def cmd_errors(endpoint):
    for name, data in error_cases():
        got, closed = await exchange(endpoint, data)
        errors = [g for g in got if g.get("type") == "error"]
        code = errors[0]["payload"].get("error_code") if errors else None
        out({"case": name, "code": code, "closed": closed, "frames": len(got),
             "id": errors[0].get("id") if errors else None})
    return 0


async def cmd_raw(endpoint, hexdata):
    got, closed = await exchange(endpoint, bytes.fromhex(hexdata))
    for g in got:
        out({"frame": g})
    out({"closed": closed})
    return 0


async def cmd_registry(endpoint, name, agent_endpoint):
    conn = await ak.Connection.open(endpoint)
    try:
        for step, call in (("register", conn.register(name, agent_endpoint, {"streaming": True}, {"version": "1.0.0"})),
                           ("heartbeat", conn.heartbeat(name)),
                           ("unregister", conn.unregister(name))):
            try:
                reply = await call
                out({"step": step, "type": reply["type"], "payload": reply["payload"]})
            except ak.AgenkitError as e:
                out({"step": step, "error": err_obj(e)})
    finally:
        await conn.close()
    return 0


async def cmd_bench(endpoint, agent, calls, warmup, mode="process"):
    """mode "raw": the same request frame sent and one frame read back, no envelope checks (the bare-echo floor)."""
    content = "x" * 256
    samples = []
    if mode == "raw":
        reader, writer = await ak.open_stream(endpoint)
        try:
            for i in range(warmup + calls):
                t = time.perf_counter_ns()
                frame = ak.encode_frame(ak.envelope("request", {"method": "process", "agent_name": agent,
                                                                "message": ak.message(content)}))
                writer.write(frame)
                await writer.drain()
                json.loads((await ak.read_frame(reader)).decode("utf-8"))
                if i >= warmup:
                    samples.append((time.perf_counter_ns() - t) / 1000.0)
        finally:
            writer.close()
    else:
        conn = await ak.Connection.open(endpoint)
        try:
            for i in range(warmup + calls):
                t = time.perf_counter_ns()
                await conn.process(agent, content, timeout=TIMEOUT)
                if i >= warmup:
                    samples.append((time.perf_counter_ns() - t) / 1000.0)
        finally:
            await conn.close()
    samples.sort()

    def pct(p):
        return samples[min(len(samples) - 1, max(0, int(-(-p * len(samples) // 1)) - 1))]
    out({"calls": calls, "p50_us": round(pct(0.50), 1), "p99_us": round(pct(0.99), 1)})
    return 0


async def cmd_serve(endpoint):
    """A LocalAgent of our own: answers process with "Echo: <content>" and stream with that text twice."""
    async def handle(reader, writer):
        lock = asyncio.Lock()

        async def send(env):
            async with lock:
                writer.write(ak.encode_frame(env))
                await writer.drain()

        async def serve_one(env):
            p = env.get("payload") or {}
            msg = p.get("message") or {}
            text = f"Echo: {msg.get('content')}"
            if msg.get("content") == "hang":
                return  # never answers: the fault tests kill this process mid-request
            if p.get("method") == "stream":
                for part in (text, text):
                    await send(ak.envelope("stream_chunk", {"message": ak.message(part, role="agent")}, env["id"]))
                await send(ak.envelope("stream_end", {}, env["id"]))
            elif p.get("method") == "process":
                await send(ak.envelope("response", {"message": ak.message(text, role="agent")}, env["id"]))
            else:
                await send(ak.envelope("error", {"error_code": "INVALID_MESSAGE", "error_message": "unknown method",
                                                 "error_details": {}}, env["id"]))

        tasks = set()
        try:
            while True:
                body = await ak.read_frame(reader)
                if body is None:
                    break
                env = json.loads(body.decode("utf-8"))
                if not isinstance(env, dict) or "id" not in env:
                    continue
                t = asyncio.create_task(serve_one(env))
                tasks.add(t)
                t.add_done_callback(tasks.discard)
        except (ak.AgenkitError, ValueError, ConnectionError, OSError):
            pass
        finally:
            writer.close()

    kind, where = ak.parse_endpoint(endpoint)
    if kind == "unix":
        server = await asyncio.start_unix_server(handle, path=where)
    else:
        server = await asyncio.start_server(handle, host=where[0], port=where[1])
    print("READY", flush=True)
    async with server:
        await server.serve_forever()


COMMANDS = {
    "process": (cmd_process, [str, str, str], 1),
    "stream": (cmd_stream, [str, str, str], 0),
    "authed": (cmd_authed, [str, str, str, str], 0),
    "concurrent": (cmd_concurrent, [str, str, int, int], 0),
    "errors": (cmd_errors, [str], 0),
    "raw": (cmd_raw, [str, str], 0),
    "registry": (cmd_registry, [str, str, str], 0),
    "bench": (cmd_bench, [str, str, int, int], 1),
    "serve": (cmd_serve, [str], 0),
}


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 64
    fn, types, optional = COMMANDS[argv[1]]
    if not len(types) <= len(argv) - 2 <= len(types) + optional:
        print(__doc__, file=sys.stderr)
        return 64
    args = [t(a) for t, a in zip(types, argv[2:])] + argv[2 + len(types):]
    try:
        return asyncio.run(asyncio.wait_for(fn(*args), None if argv[1] == "serve" else TIMEOUT * 6))
    except asyncio.TimeoutError:
        out({"timeout": True})
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
