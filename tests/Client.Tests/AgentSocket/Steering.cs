using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.Tests.AgentSocket;

/// <summary>The steering round the steering tests share: steer a running ticker once and check what came back.</summary>
public static class Steering
{
    /// <summary>
    /// Starts <c>ticker</c> with a chosen id, steers it after its first chunk, and returns every event: the steering must
    /// come back as a <c>{steered: …}</c> chunk and the invocation must still end with COMPLETE.
    /// </summary>
    public static async Task<List<InvocationEvent>> SteerOnceAsync(AgentSocketClient client, string id)
    {
        var events = new List<InvocationEvent>();
        var input = MsgPackValue.Map(("count", 40), ("delayMs", 25));
        await foreach (var evt in client.InvokeAsync("ticker", input, null, id, TestContext.Current.CancellationToken))
        {
            events.Add(evt);
            if (events.Count == 1) await client.SteerAsync(id, MsgPackValue.Map(("turn", "left")));
        }
        Assert.Contains(events, e => e is ChunkEvent c && c.Data.Kind == MsgPackValueKind.Map
            && c.Data.TryGetValue("steered", out var s) && s["turn"].AsString() == "left");
        var complete = Assert.IsType<CompleteEvent>(events[^1]);
        Assert.Equal(40, complete.Result!.AsInt64());
        return events;
    }
}
