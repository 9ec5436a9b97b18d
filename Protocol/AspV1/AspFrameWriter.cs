using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.AspV1;

/// <summary>
/// Writes frame records in the specification's canonical form: keys in the order of the frame table, optional
/// fields only when present, <c>s</c> first when set. Canonical form is what the spec's hex examples show.
/// </summary>
internal static class AspFrameWriter
{
    public static void Write(AspFrame frame, ulong? sessionSeq, ref MessagePackWriter writer)
    {
        switch (frame)
        {
            case ClientHelloFrame hello: WriteClientHello(hello, ref writer); break;
            case ServerHelloFrame hello: WriteServerHello(hello, ref writer); break;
            case InvokeFrame invoke: WriteInvoke(invoke, sessionSeq, ref writer); break;
            case StreamFrame stream: WriteStream(stream, sessionSeq, ref writer); break;
            case InterruptFrame interrupt: WriteInterrupt(interrupt, sessionSeq, ref writer); break;
            case ToolDefFrame toolDef: WriteToolDef(toolDef, sessionSeq, ref writer); break;
            case CompleteFrame complete: WriteComplete(complete, sessionSeq, ref writer); break;
            case ErrorFrame error: WriteError(error, sessionSeq, ref writer); break;
            case RequestFrame request: WriteRequest(request, sessionSeq, ref writer); break;
            case ReplyFrame reply: WriteReply(reply, sessionSeq, ref writer); break;
            case AckFrame ack: WriteAck(ack, ref writer); break;
            default: throw new ArgumentException("unknown frame type " + frame.GetType().Name, nameof(frame));
        }
    }

    private static void WriteClientHello(ClientHelloFrame f, ref MessagePackWriter w)
    {
        Start(ref w, AspOpcode.Hello, 2 + Count(f.Token) + Count(f.Resume) + Count(f.LastSeq) + Count(f.Role) + Count(f.Agents));
        Key(ref w, AspKey.V); w.Write(f.Version);
        Key(ref w, AspKey.Caps); Strings(ref w, f.Caps, "caps");
        if (f.Token is not null) { Key(ref w, AspKey.Token); w.Write(f.Token); }
        if (f.Resume is not null) { Key(ref w, AspKey.Resume); w.Write(f.Resume); }
        if (f.LastSeq is { } lastSeq) { Key(ref w, AspKey.LastSeq); w.Write(lastSeq); }
        if (f.Role is not null) { Key(ref w, AspKey.Role); w.Write(f.Role); }
        if (f.Agents is not null) { Key(ref w, AspKey.Agents); Strings(ref w, f.Agents, "agents"); }
    }

    private static void WriteServerHello(ServerHelloFrame f, ref MessagePackWriter w)
    {
        Start(ref w, AspOpcode.Hello, 6 + Count(f.Seq) + Count(f.LastSeq));
        Key(ref w, AspKey.Cid); w.Write(Required(f.Cid, "cid"));
        Key(ref w, AspKey.Session); w.Write(Required(f.Session, "session"));
        Key(ref w, AspKey.Hb); w.Write(f.HeartbeatMs);
        Key(ref w, AspKey.MaxFrame); w.Write(f.MaxFrame);
        Key(ref w, AspKey.ResumeToken); w.Write(Required(f.ResumeToken, "resumeToken"));
        Key(ref w, AspKey.Caps); Strings(ref w, f.Caps, "caps");
        if (f.Seq is { } seq) { Key(ref w, AspKey.Seq); w.Write(seq); }
        if (f.LastSeq is { } lastSeq) { Key(ref w, AspKey.LastSeq); w.Write(lastSeq); }
    }

    private static void WriteInvoke(InvokeFrame f, ulong? s, ref MessagePackWriter w)
    {
        Start(ref w, AspOpcode.Invoke, 3 + Count(s) + Count(f.Stream) + Count(f.TimeoutMs));
        Seq(ref w, s);
        Key(ref w, AspKey.Id); w.Write(Required(f.Id, "id"));
        Key(ref w, AspKey.Agent); w.Write(Required(f.Agent, "agent"));
        Key(ref w, AspKey.Input); Required(f.Input, "input").WriteTo(ref w);
        if (f.Stream is { } stream) { Key(ref w, AspKey.Stream); w.Write(stream); }
        if (f.TimeoutMs is { } timeout) { Key(ref w, AspKey.TimeoutMs); w.Write(timeout); }
    }

    private static void WriteStream(StreamFrame f, ulong? s, ref MessagePackWriter w)
    {
        Start(ref w, AspOpcode.Stream, 3 + Count(s));
        Seq(ref w, s);
        Key(ref w, AspKey.Id); w.Write(Required(f.Id, "id"));
        Key(ref w, AspKey.Seq); w.Write(f.Seq);
        Key(ref w, AspKey.Data); Required(f.Data, "data").WriteTo(ref w);
    }

    private static void WriteInterrupt(InterruptFrame f, ulong? s, ref MessagePackWriter w)
    {
        Start(ref w, AspOpcode.Interrupt, 1 + Count(s) + Count(f.Reason) + Count(Present(f.Data)));
        Seq(ref w, s);
        Key(ref w, AspKey.Id); w.Write(Required(f.Id, "id"));
        if (f.Reason is not null) { Key(ref w, AspKey.Reason); w.Write(f.Reason); }
        if (Present(f.Data) is { } data) { Key(ref w, AspKey.Data); data.WriteTo(ref w); }
    }

    private static void WriteToolDef(ToolDefFrame f, ulong? s, ref MessagePackWriter w)
    {
        Start(ref w, AspOpcode.ToolDef, 1 + Count(s) + Count(f.Id));
        Seq(ref w, s);
        if (f.Id is not null) { Key(ref w, AspKey.Id); w.Write(f.Id); }
        Key(ref w, AspKey.Tools);
        var tools = Required(f.Tools, "tools");
        w.WriteArrayHeader(tools.Count);
        foreach (var tool in tools)
        {
            w.WriteMapHeader(1 + Count(tool.Description) + Count(Present(tool.Schema)));
            Key(ref w, AspKey.Name); w.Write(Required(tool.Name, "name"));
            if (tool.Description is not null) { Key(ref w, AspKey.Description); w.Write(tool.Description); }
            if (Present(tool.Schema) is { } schema) { Key(ref w, AspKey.Schema); schema.WriteTo(ref w); }
        }
    }

    private static void WriteComplete(CompleteFrame f, ulong? s, ref MessagePackWriter w)
    {
        Start(ref w, AspOpcode.Complete, 1 + Count(s) + Count(Present(f.Result)) + Count(f.Metrics));
        Seq(ref w, s);
        Key(ref w, AspKey.Id); w.Write(Required(f.Id, "id"));
        if (Present(f.Result) is { } result) { Key(ref w, AspKey.Result); result.WriteTo(ref w); }
        if (f.Metrics is { } m)
        {
            Key(ref w, AspKey.Metrics);
            w.WriteMapHeader(1 + Count(m.CpuMs) + Count(m.Chunks) + Count(m.Bytes) + m.Additional.Count);
            Key(ref w, AspKey.DurationMs); w.Write(m.DurationMs);
            if (m.CpuMs is { } cpu) { Key(ref w, AspKey.CpuMs); w.Write(cpu); }
            if (m.Chunks is { } chunks) { Key(ref w, AspKey.Chunks); w.Write(chunks); }
            if (m.Bytes is { } bytes) { Key(ref w, AspKey.Bytes); w.Write(bytes); }
            foreach (var extra in m.Additional)
            {
                w.Write(extra.Key);
                extra.Value.WriteTo(ref w);
            }
        }
    }

    private static void WriteError(ErrorFrame f, ulong? s, ref MessagePackWriter w)
    {
        Start(ref w, AspOpcode.Error, 3 + Count(s) + Count(f.Id) + Count(f.RetryAfterMs));
        Seq(ref w, s);
        if (f.Id is not null) { Key(ref w, AspKey.Id); w.Write(f.Id); }
        Key(ref w, AspKey.Code); w.Write(Required(f.Code, "code"));
        Key(ref w, AspKey.Message); w.Write(Required(f.Message, "message"));
        Key(ref w, AspKey.Retryable); w.Write(f.Retryable);
        if (f.RetryAfterMs is { } after) { Key(ref w, AspKey.RetryAfterMs); w.Write(after); }
    }

    private static void WriteRequest(RequestFrame f, ulong? s, ref MessagePackWriter w)
    {
        Start(ref w, AspOpcode.Request, 4 + Count(s));
        Seq(ref w, s);
        Key(ref w, AspKey.Id); w.Write(Required(f.Id, "id"));
        Key(ref w, AspKey.Rid); w.Write(Required(f.Rid, "rid"));
        Key(ref w, AspKey.Kind); w.Write(Required(f.Kind, "kind"));
        Key(ref w, AspKey.Data); Required(f.Data, "data").WriteTo(ref w);
    }

    private static void WriteReply(ReplyFrame f, ulong? s, ref MessagePackWriter w)
    {
        Start(ref w, AspOpcode.Reply, 3 + Count(s));
        Seq(ref w, s);
        Key(ref w, AspKey.Id); w.Write(Required(f.Id, "id"));
        Key(ref w, AspKey.Rid); w.Write(Required(f.Rid, "rid"));
        Key(ref w, AspKey.Data); Required(f.Data, "data").WriteTo(ref w);
    }

    private static void WriteAck(AckFrame f, ref MessagePackWriter w)
    {
        Start(ref w, AspOpcode.Ack, 1);
        Key(ref w, AspKey.Seq); w.Write(f.Seq);
    }

    private static void Start(ref MessagePackWriter w, AspOpcode opcode, int fields)
    {
        w.WriteRaw([(byte)opcode]);
        w.WriteMapHeader(fields);
    }

    private static void Seq(ref MessagePackWriter w, ulong? s)
    {
        if (s is { } value)
        {
            Key(ref w, AspKey.S);
            w.Write(value);
        }
    }

    private static void Key(ref MessagePackWriter w, AspKey key) => w.WriteRaw(AspKeys.Encoded(key));

    private static void Strings(ref MessagePackWriter w, IReadOnlyList<string> items, string name)
    {
        Required(items, name);
        w.WriteArrayHeader(items.Count);
        foreach (var item in items) w.Write(Required(item, name));
    }

    private static int Count<T>(T? value) => value is null ? 0 : 1;

    // An optional payload that is nil is written as absent: on the wire the two mean the same (spec section 2).
    private static MsgPackValue? Present(MsgPackValue? value) => value is null || value.IsNil ? null : value;

    private static T Required<T>(T? value, string field) =>
        value ?? throw new ArgumentException("the frame's required field '" + field + "' is null", nameof(value));
}
