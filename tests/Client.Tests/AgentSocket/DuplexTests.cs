using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Client.Tests.AgentSocket;

public sealed class DuplexTests : IAsyncLifetime
{
    private EndpointHost? _host;

    private EndpointHost Host => _host!;

    public async ValueTask InitializeAsync() => _host = await EndpointHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    [Fact]
    public async Task The_request_callback_answers_and_tool_defs_reach_their_callback()
    {
        var toolCalls = new List<(string? Id, IReadOnlyList<ToolDefinition> Tools)>();
        var asked = new List<AgentRequest>();
        await using var client = await AgentSocketClient.ConnectAsync(Host.Url, new AgentSocketClientOptions
        {
            OnToolDefs = (id, tools) =>
            {
                lock (toolCalls) toolCalls.Add((id, tools));
                return ValueTask.CompletedTask;
            },
            OnRequest = (request, _) =>
            {
                lock (asked) asked.Add(request);
                return ValueTask.FromResult(MsgPackValue.From("Ada"));
            },
        }, TestContext.Current.CancellationToken);

        var events = await client.InvokeAllAsync("tools", "start", TestContext.Current.CancellationToken);
        Assert.Collection(events,
            e => Assert.Equal("greet", Assert.Single(Assert.IsType<ToolsEvent>(e).Tools).Name),
            e => Assert.Equal("question", Assert.IsType<RequestEvent>(e).Kind),
            e => Assert.Equal("Hello, Ada!", Assert.IsType<ChunkEvent>(e).Data.AsString()),
            e => Assert.Equal("Ada", Assert.IsType<CompleteEvent>(e).Result!["name"].AsString()));
        var (id, tools) = Assert.Single(toolCalls);
        Assert.Equal(events[0].InvocationId, id);
        Assert.Equal("object", tools[0].Schema!["type"].AsString());
        Assert.Equal("What is your name?", Assert.Single(asked).Data["question"].AsString());
    }

    [Fact]
    public async Task Without_a_callback_the_application_replies_itself()
    {
        await using var client = await AgentSocketClient.ConnectAsync(Host.Url, cancellationToken: TestContext.Current.CancellationToken);
        string? greeting = null;
        await foreach (var evt in client.InvokeAsync("tools", MsgPackValue.Map(("question", "Who?")), TestContext.Current.CancellationToken))
        {
            switch (evt)
            {
                case RequestEvent request:
                    Assert.Equal("Who?", request.Data["question"].AsString());
                    await client.ReplyAsync(request.InvocationId, request.Rid, MsgPackValue.Map(("name", "Grace")));
                    break;
                case ChunkEvent chunk:
                    greeting = chunk.Data.AsString();
                    break;
            }
        }
        Assert.Equal("Hello, Grace!", greeting);
    }
}
