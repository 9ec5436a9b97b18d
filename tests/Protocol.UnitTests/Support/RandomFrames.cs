using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Protocol.UnitTests.Support;

/// <summary>Random frames of every type with random optional fields, from a seed (for properties and fuzz seeds).</summary>
public static class RandomFrames
{
    public static AspFrame Create(Random random, Func<MsgPackValue> payload)
    {
        ulong? Seq() => random.Next(3) == 0 ? null : (ulong)random.NextInt64();
        string Id() => new string('i', random.Next(1, 10)) + random.Next();
        string? Maybe(string text) => random.Next(2) == 0 ? null : text;
        MsgPackValue? Optional() => random.Next(2) == 0 || payload() is { IsNil: true } ? null : payload();
        string[] Strings() => Enumerable.Range(0, random.Next(4)).Select(i => "c" + i).ToArray();
        AspFrame frame = random.Next(11) switch
        {
            0 => new ClientHelloFrame(random.Next(), Strings()) { Token = Maybe("tok"), Resume = Maybe("res"), LastSeq = Seq(), Role = Maybe(AspRoles.Provider), Agents = random.Next(2) == 0 ? null : Strings() },
            1 => new ServerHelloFrame(Id(), Id(), (uint)random.Next(), (uint)random.Next(), Id(), Strings()) { Seq = Seq(), LastSeq = Seq() },
            2 => new InvokeFrame(Id(), "agent", payload()) { Stream = random.Next(3) switch { 0 => null, 1 => true, _ => false }, TimeoutMs = random.Next(2) == 0 ? null : (uint)random.Next() },
            3 => new StreamFrame(Id(), (ulong)random.NextInt64(), payload()),
            4 => new InterruptFrame(Id()) { Reason = Maybe("why"), Data = Optional() },
            5 => new ToolDefFrame(Enumerable.Range(0, random.Next(3)).Select(i => new ToolDefinition("t" + i) { Description = Maybe("d"), Schema = Optional() }).ToArray()) { Id = Maybe(Id()) },
            6 => new CompleteFrame(Id()) { Result = Optional(), Metrics = random.Next(2) == 0 ? null : new CompleteMetrics(random.NextDouble() * 1000) { CpuMs = random.Next(2) == 0 ? null : random.NextDouble(), Chunks = (ulong)random.Next(), Bytes = (ulong)random.Next() } },
            7 => new ErrorFrame(AspErrorCodes.All[random.Next(AspErrorCodes.All.Count)], "m" + random.Next(), random.Next(2) == 0) { Id = Maybe(Id()), RetryAfterMs = random.Next(2) == 0 ? null : (uint)random.Next() },
            8 => new RequestFrame(Id(), Id(), "permission", payload()),
            9 => new ReplyFrame(Id(), Id(), payload()),
            _ => new AckFrame((ulong)random.NextInt64()),
        };
        return frame is ClientHelloFrame or ServerHelloFrame or AckFrame ? frame : frame with { SessionSeq = Seq() };
    }
}
