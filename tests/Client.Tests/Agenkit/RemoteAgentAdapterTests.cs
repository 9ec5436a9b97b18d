using System.Text.Json.Nodes;
using AgentPlatform.AgentHost.Agenkit;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Tests.Agenkit;

/// <summary>RemoteAgent as an IAgent: a LocalAgent that serves an agent which is itself remote (the drop-in of seed 003 §5.2).</summary>
public sealed class RemoteAgentAdapterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_remote_agent_hosted_as_an_IAgent_streams_through_and_keeps_its_errors()
    {
        await using var inner = await AgenkitHosts.StartAsync("unix", [new ProbeAgent()]);
        await using var innerRemote = new RemoteAgent("probe", inner.Endpoint, new RemoteAgentOptions { MaxAttempts = 1 });
        await using var outer = await AgenkitHosts.StartAsync("tcp", [new RemoteAgentAdapter(innerRemote)]);
        await using var client = new RemoteAgent("probe", outer.Endpoint, new RemoteAgentOptions { MaxAttempts = 1 });

        var chunks = new List<AgenkitMessage>();
        await foreach (var m in client.StreamAsync(new AgenkitMessage("user", JsonNode.Parse("""{"chunks":2,"size":3}"""), [], ""), Ct)) chunks.Add(m);
        Assert.Equal(["xxx", "xxx"], chunks.Select(c => c.ContentText));
        var answer = await client.ProcessAsync(new AgenkitMessage("user", JsonNode.Parse("""{"echo":{"deep":[1,2]}}"""), [], ""), Ct);
        Assert.Equal("""{"deep":[1,2]}""", answer.Content!.ToJsonString());

        var ex = await Assert.ThrowsAsync<AgenkitRemoteException>(() => client.ProcessAsync(new AgenkitMessage("user", JsonNode.Parse("""{"fail":"TIMEOUT"}"""), [], ""), Ct));
        Assert.Equal(AgenkitErrorCodes.AgentTimeout, ex.Code);
        AgenkitHosts.RemoveFolderOf(inner.Endpoint.ToString());
    }
}
