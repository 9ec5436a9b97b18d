using AgentPlatform.Protocol.MessagePack;
using static AgentPlatform.Protocol.AspV1.AspFields;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>
/// Turns the MessagePack map after the opcode into a frame record. Unknown keys are skipped (newer peers may
/// add fields); a known key twice, a missing required field or a mistyped field is BAD_FRAME. nil for an
/// optional field means absent, also for optional payloads (INTERRUPT data, COMPLETE result, tool schema).
/// </summary>
internal static class AspFrameReader
{
    public static AspFrame Read(byte opcode, ref MessagePackReader reader) => (AspOpcode)opcode switch
    {
        AspOpcode.Hello => ReadHello(ref reader),
        AspOpcode.Invoke => ReadInvoke(ref reader),
        AspOpcode.Stream => ReadStream(ref reader),
        AspOpcode.Interrupt => ReadInterrupt(ref reader),
        AspOpcode.ToolDef => ReadToolDef(ref reader),
        AspOpcode.Complete => ReadComplete(ref reader),
        AspOpcode.Error => ReadError(ref reader),
        AspOpcode.Request => ReadRequest(ref reader),
        AspOpcode.Reply => ReadReply(ref reader),
        AspOpcode.Ack => ReadAck(ref reader),
        _ => throw Bad(FormattableString.Invariant($"unknown opcode 0x{opcode:x2}")),
    };

    private static AspFrame ReadHello(ref MessagePackReader reader)
    {
        const string F = "HELLO";
        ulong seen = 0;
        var version = 0;
        string[] caps = [];
        string? token = null, resume = null, role = null, cid = null, session = null, resumeToken = null;
        string[]? agents = null;
        ulong? lastSeq = null, seq = null;
        uint hb = 0, maxFrame = 0;
        for (var n = ReadMapHeader(ref reader, F); n > 0; n--)
        {
            var key = ReadKey(ref reader, F, ref seen);
            switch (key)
            {
                case AspKey.V: version = Int32(ref reader, F, key); break;
                case AspKey.Caps: caps = StringArray(ref reader, F, key); break;
                case AspKey.Token: token = OptionalString(ref reader, F, key); break;
                case AspKey.Resume: resume = OptionalString(ref reader, F, key); break;
                case AspKey.LastSeq: lastSeq = OptionalUInt(ref reader, F, key); break;
                case AspKey.Role: role = OptionalString(ref reader, F, key); break;
                case AspKey.Agents: agents = OptionalStringArray(ref reader, F, key); break;
                case AspKey.Cid: cid = String(ref reader, F, key); break;
                case AspKey.Session: session = String(ref reader, F, key); break;
                case AspKey.Hb: hb = UInt32(ref reader, F, key); break;
                case AspKey.MaxFrame: maxFrame = UInt32(ref reader, F, key); break;
                case AspKey.ResumeToken: resumeToken = String(ref reader, F, key); break;
                case AspKey.Seq: seq = OptionalUInt(ref reader, F, key); break;
                case AspKey.S: throw Bad("HELLO must not carry a session sequence number 's'");
                default: reader.Skip(); break;
            }
        }
        Require(seen, AspKey.Caps, F);
        if ((seen & (1UL << (int)AspKey.Cid)) != 0)
        {
            foreach (var key in (ReadOnlySpan<AspKey>)[AspKey.Session, AspKey.Hb, AspKey.MaxFrame, AspKey.ResumeToken]) Require(seen, key, F);
            return new ServerHelloFrame(cid!, session!, hb, maxFrame, resumeToken!, caps) { Seq = seq, LastSeq = lastSeq };
        }
        Require(seen, AspKey.V, F);
        if (role is not (null or AspRoles.Client or AspRoles.Provider)) throw Bad("HELLO: role must be \"client\" or \"provider\"");
        return new ClientHelloFrame(version, caps)
        {
            Token = token, Resume = resume, LastSeq = lastSeq, Role = role, Agents = agents,
        };
    }

    private static InvokeFrame ReadInvoke(ref MessagePackReader reader)
    {
        const string F = "INVOKE";
        ulong seen = 0;
        ulong? s = null;
        string? id = null, agent = null;
        MsgPackValue? input = null;
        bool? stream = null;
        uint? timeoutMs = null;
        for (var n = ReadMapHeader(ref reader, F); n > 0; n--)
        {
            var key = ReadKey(ref reader, F, ref seen);
            switch (key)
            {
                case AspKey.S: s = OptionalUInt(ref reader, F, key); break;
                case AspKey.Id: id = Id(ref reader, F, key); break;
                case AspKey.Agent: agent = String(ref reader, F, key); break;
                case AspKey.Input: input = Value(ref reader); break;
                case AspKey.Stream: stream = OptionalBool(ref reader, F, key); break;
                case AspKey.TimeoutMs: timeoutMs = OptionalUInt32(ref reader, F, key); break;
                default: reader.Skip(); break;
            }
        }
        Require(seen, AspKey.Id, F);
        Require(seen, AspKey.Agent, F);
        Require(seen, AspKey.Input, F);
        return new InvokeFrame(id!, agent!, input!) { Stream = stream, TimeoutMs = timeoutMs, SessionSeq = s };
    }

    private static StreamFrame ReadStream(ref MessagePackReader reader)
    {
        const string F = "STREAM";
        ulong seen = 0, seq = 0;
        ulong? s = null;
        string? id = null;
        MsgPackValue? data = null;
        for (var n = ReadMapHeader(ref reader, F); n > 0; n--)
        {
            var key = ReadKey(ref reader, F, ref seen);
            switch (key)
            {
                case AspKey.S: s = OptionalUInt(ref reader, F, key); break;
                case AspKey.Id: id = Id(ref reader, F, key); break;
                case AspKey.Seq: seq = UInt(ref reader, F, key); break;
                case AspKey.Data: data = Value(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        Require(seen, AspKey.Id, F);
        Require(seen, AspKey.Seq, F);
        Require(seen, AspKey.Data, F);
        return new StreamFrame(id!, seq, data!) { SessionSeq = s };
    }

    private static InterruptFrame ReadInterrupt(ref MessagePackReader reader)
    {
        const string F = "INTERRUPT";
        ulong seen = 0;
        ulong? s = null;
        string? id = null, reason = null;
        MsgPackValue? data = null;
        for (var n = ReadMapHeader(ref reader, F); n > 0; n--)
        {
            var key = ReadKey(ref reader, F, ref seen);
            switch (key)
            {
                case AspKey.S: s = OptionalUInt(ref reader, F, key); break;
                case AspKey.Id: id = Id(ref reader, F, key); break;
                case AspKey.Reason: reason = OptionalString(ref reader, F, key); break;
                case AspKey.Data: data = OptionalValue(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        Require(seen, AspKey.Id, F);
        return new InterruptFrame(id!) { Reason = reason, Data = data, SessionSeq = s };
    }

    private static ToolDefFrame ReadToolDef(ref MessagePackReader reader)
    {
        const string F = "TOOL_DEF";
        ulong seen = 0;
        ulong? s = null;
        string? id = null;
        ToolDefinition[]? tools = null;
        for (var n = ReadMapHeader(ref reader, F); n > 0; n--)
        {
            var key = ReadKey(ref reader, F, ref seen);
            switch (key)
            {
                case AspKey.S: s = OptionalUInt(ref reader, F, key); break;
                case AspKey.Id: id = OptionalId(ref reader, F, key); break;
                case AspKey.Tools:
                    if (reader.NextType != MessagePackType.Array) throw Bad("TOOL_DEF: field 'tools' must be an array");
                    tools = new ToolDefinition[reader.ReadArrayHeader()];
                    for (var i = 0; i < tools.Length; i++) tools[i] = ReadTool(ref reader);
                    break;
                default: reader.Skip(); break;
            }
        }
        Require(seen, AspKey.Tools, F);
        return new ToolDefFrame(tools!) { Id = id, SessionSeq = s };
    }

    private static ToolDefinition ReadTool(ref MessagePackReader reader)
    {
        const string F = "TOOL_DEF tool";
        ulong seen = 0;
        string? name = null, description = null;
        MsgPackValue? schema = null;
        for (var n = ReadMapHeader(ref reader, F); n > 0; n--)
        {
            var key = ReadKey(ref reader, F, ref seen);
            switch (key)
            {
                case AspKey.Name: name = String(ref reader, F, key); break;
                case AspKey.Description: description = OptionalString(ref reader, F, key); break;
                case AspKey.Schema: schema = OptionalValue(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        Require(seen, AspKey.Name, F);
        return new ToolDefinition(name!) { Description = description, Schema = schema };
    }

    private static CompleteFrame ReadComplete(ref MessagePackReader reader)
    {
        const string F = "COMPLETE";
        ulong seen = 0;
        ulong? s = null;
        string? id = null;
        MsgPackValue? result = null;
        CompleteMetrics? metrics = null;
        for (var n = ReadMapHeader(ref reader, F); n > 0; n--)
        {
            var key = ReadKey(ref reader, F, ref seen);
            switch (key)
            {
                case AspKey.S: s = OptionalUInt(ref reader, F, key); break;
                case AspKey.Id: id = Id(ref reader, F, key); break;
                case AspKey.Result: result = OptionalValue(ref reader); break;
                case AspKey.Metrics: metrics = reader.TryReadNil() ? null : ReadMetrics(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        Require(seen, AspKey.Id, F);
        return new CompleteFrame(id!) { Result = result, Metrics = metrics, SessionSeq = s };
    }

    private static CompleteMetrics ReadMetrics(ref MessagePackReader reader)
    {
        const string F = "COMPLETE metrics";
        ulong seen = 0;
        double duration = 0;
        double? cpu = null;
        ulong? chunks = null, bytes = null;
        List<KeyValuePair<string, MsgPackValue>>? additional = null;
        for (var n = ReadMapHeader(ref reader, F); n > 0; n--)
        {
            var keyReader = reader;
            var key = ReadKey(ref reader, F, ref seen);
            switch (key)
            {
                case AspKey.DurationMs: duration = Number(ref reader, F, key); break;
                case AspKey.CpuMs: cpu = OptionalNumber(ref reader, F, key); break;
                case AspKey.Chunks: chunks = OptionalUInt(ref reader, F, key); break;
                case AspKey.Bytes: bytes = OptionalUInt(ref reader, F, key); break;
                default:
                    // Metrics are open-ended: keep the others, by name, for whoever displays them.
                    var name = keyReader.ReadString()!;
                    (additional ??= []).Add(new(name, Value(ref reader)));
                    break;
            }
        }
        Require(seen, AspKey.DurationMs, F);
        return new CompleteMetrics(duration) { CpuMs = cpu, Chunks = chunks, Bytes = bytes, Additional = additional ?? [] };
    }

    private static ErrorFrame ReadError(ref MessagePackReader reader)
    {
        const string F = "ERROR";
        ulong seen = 0;
        ulong? s = null;
        string? id = null, code = null, message = null;
        var retryable = false;
        uint? retryAfter = null;
        for (var n = ReadMapHeader(ref reader, F); n > 0; n--)
        {
            var key = ReadKey(ref reader, F, ref seen);
            switch (key)
            {
                case AspKey.S: s = OptionalUInt(ref reader, F, key); break;
                case AspKey.Id: id = OptionalId(ref reader, F, key); break;
                case AspKey.Code: code = String(ref reader, F, key); break;
                case AspKey.Message: message = String(ref reader, F, key); break;
                case AspKey.Retryable: retryable = Bool(ref reader, F, key); break;
                case AspKey.RetryAfterMs: retryAfter = OptionalUInt32(ref reader, F, key); break;
                default: reader.Skip(); break;
            }
        }
        Require(seen, AspKey.Code, F);
        Require(seen, AspKey.Message, F);
        Require(seen, AspKey.Retryable, F);
        return new ErrorFrame(code!, message!, retryable) { Id = id, RetryAfterMs = retryAfter, SessionSeq = s };
    }

    private static RequestFrame ReadRequest(ref MessagePackReader reader)
    {
        const string F = "REQUEST";
        ulong seen = 0;
        ulong? s = null;
        string? id = null, rid = null, kind = null;
        MsgPackValue? data = null;
        for (var n = ReadMapHeader(ref reader, F); n > 0; n--)
        {
            var key = ReadKey(ref reader, F, ref seen);
            switch (key)
            {
                case AspKey.S: s = OptionalUInt(ref reader, F, key); break;
                case AspKey.Id: id = Id(ref reader, F, key); break;
                case AspKey.Rid: rid = Id(ref reader, F, key); break;
                case AspKey.Kind: kind = String(ref reader, F, key); break;
                case AspKey.Data: data = Value(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        foreach (var key in (ReadOnlySpan<AspKey>)[AspKey.Id, AspKey.Rid, AspKey.Kind, AspKey.Data]) Require(seen, key, F);
        return new RequestFrame(id!, rid!, kind!, data!) { SessionSeq = s };
    }

    private static ReplyFrame ReadReply(ref MessagePackReader reader)
    {
        const string F = "REPLY";
        ulong seen = 0;
        ulong? s = null;
        string? id = null, rid = null;
        MsgPackValue? data = null;
        for (var n = ReadMapHeader(ref reader, F); n > 0; n--)
        {
            var key = ReadKey(ref reader, F, ref seen);
            switch (key)
            {
                case AspKey.S: s = OptionalUInt(ref reader, F, key); break;
                case AspKey.Id: id = Id(ref reader, F, key); break;
                case AspKey.Rid: rid = Id(ref reader, F, key); break;
                case AspKey.Data: data = Value(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        foreach (var key in (ReadOnlySpan<AspKey>)[AspKey.Id, AspKey.Rid, AspKey.Data]) Require(seen, key, F);
        return new ReplyFrame(id!, rid!, data!) { SessionSeq = s };
    }

    private static AckFrame ReadAck(ref MessagePackReader reader)
    {
        const string F = "ACK";
        ulong seen = 0, seq = 0;
        for (var n = ReadMapHeader(ref reader, F); n > 0; n--)
        {
            var key = ReadKey(ref reader, F, ref seen);
            switch (key)
            {
                case AspKey.Seq: seq = UInt(ref reader, F, key); break;
                case AspKey.S: throw Bad("ACK must not carry a session sequence number 's'");
                default: reader.Skip(); break;
            }
        }
        Require(seen, AspKey.Seq, F);
        return new AckFrame(seq);
    }
}
