using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Acp;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Acp.Agents.Platform;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Relay.Tests.Acp.Platform;

/// <summary>
/// A direct-mode agent (a provider runtime on its own asp-v1 connection, played by the test) reached over ACP: the
/// provider sees ordinary INVOKE, REPLY and INTERRUPT frames; the ACP client sees updates, permission requests and results.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class PlatformAcpDirectModeTests(PlatformFixture platform)
{
    private static async Task<AspTestClient> ProviderAsync(RelayHost relay, string agent)
    {
        var provider = await relay.ConnectAsync();
        await provider.HelloAsync(["stream", "tools", "request"], role: AspRoles.Provider, agents: [agent]);
        await Eventually.TrueAsync(() => relay.Get<PlatformAcpAgents>().Find(agent) is not null, TimeSpan.FromSeconds(5), "provider known to ACP");
        return provider;
    }

    [Fact]
    public async Task A_prompt_is_an_invocation_at_the_provider_and_its_frames_come_back_as_ACP()
    {
        await using var relay = await platform.StartRelayAsync(configure: b => b.Services.AddAcpPlatformAgents());
        Assert.Null(relay.Get<PlatformAcpAgents>().Find("dm-acp"));
        await using var provider = await ProviderAsync(relay, "dm-acp");
        await using var client = await AcpSession.AttachAsync(relay.Get<PlatformAcpAgents>().Find("dm-acp")!, "acp-1");
        var sessionId = await client.NewSessionAsync();
        var promptId = await client.SendAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "do it"));

        var invoke = Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        Assert.Equal("dm-acp", invoke.Agent);
        Assert.Equal("do it", invoke.Input.AsString());
        await provider.SendAsync(new ToolDefFrame([new ToolDefinition("t1")]) { Id = invoke.Id });
        await provider.SendAsync(new StreamFrame(invoke.Id, 0, MsgPackValue.Map(("step", MsgPackValue.From(1)))));
        var options = MsgPackJson.Parse("""{"action":"rm -rf build","options":[{"optionId":"yes","name":"Yes","kind":"allow_once"},{"optionId":"no","name":"No","kind":"reject_once"}]}""");
        await provider.SendAsync(new RequestFrame(invoke.Id, "r1", "permission", options));

        var update = await client.Peer.NextAsync();
        Assert.Equal(["""{"step":1}"""], AcpSession.AgentText([update]));
        var ask = await client.Peer.NextAsync();
        Assert.Equal(AcpMethods.SessionRequestPermission, ask.Method);
        Assert.Equal("r1", (string)ask.Params!["toolCall"]!["toolCallId"]!);
        Assert.StartsWith("permission: {", (string)ask.Params["toolCall"]!["title"]!, StringComparison.Ordinal);
        Assert.Equal(["yes", "no"], ask.Params["options"]!.AsArray().Select(o => (string)o!["optionId"]!));
        await client.RespondAsync(ask, new JsonObject { ["outcome"] = new JsonObject { ["outcome"] = "selected", ["optionId"] = "yes" } });

        var reply = Assert.IsType<ReplyFrame>(await provider.ReceiveAsync());
        Assert.Equal(invoke.Id, reply.Id);
        Assert.Equal("r1", reply.Rid);
        Assert.Equal("yes", reply.Data.AsString());
        await provider.SendAsync(new CompleteFrame(invoke.Id) { Result = MsgPackValue.Map(("done", MsgPackValue.From(true))), Metrics = new CompleteMetrics(2) { CpuMs = 1 } });
        var response = await client.Peer.NextAsync();
        Assert.True(AcpSession.IsResponseTo(response, promptId));
        Assert.Equal("""{"done":true}""", response.Result!["_meta"]![PlatformAcpMapping.ResultMetaKey]!.ToJsonString());
        Assert.Equal(1.0, (double)response.Result["_meta"]![PlatformAcpMapping.MetricsMetaKey]!["cpuMs"]!);
    }

    [Fact]
    public async Task Cancel_reaches_the_provider_as_INTERRUPT_and_a_provider_error_is_32603_with_its_code()
    {
        await using var relay = await platform.StartRelayAsync(configure: b => b.Services.AddAcpPlatformAgents());
        await using var provider = await ProviderAsync(relay, "dm-acp2");
        await using var client = await AcpSession.AttachAsync(relay.Get<PlatformAcpAgents>().Find("dm-acp2")!, "acp-1");
        var sessionId = await client.NewSessionAsync();

        var first = await client.SendAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "long"));
        var invoke = Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        await client.NotifyAsync(AcpMethods.SessionCancel, new JsonObject { ["sessionId"] = sessionId });
        var cancelled = await client.Peer.NextAsync();
        Assert.True(AcpSession.IsResponseTo(cancelled, first));
        Assert.Equal("cancelled", (string)cancelled.Result!["stopReason"]!);
        var interrupt = Assert.IsType<InterruptFrame>(await provider.ReceiveAsync());
        Assert.Equal(invoke.Id, interrupt.Id);
        Assert.Null(interrupt.Data);

        var second = await client.SendAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, "fail please"));
        var again = Assert.IsType<InvokeFrame>(await provider.ReceiveAsync());
        Assert.NotEqual(invoke.Id, again.Id);
        await provider.SendAsync(new ErrorFrame(AspErrorCodes.BadInput, "no thanks", false) { Id = again.Id });
        var failed = await client.Peer.NextAsync();
        Assert.True(AcpSession.IsResponseTo(failed, second));
        Assert.Equal("""{"code":-32603,"message":"no thanks","data":{"code":"BAD_INPUT","retryable":false}}""", failed.Error!.ToJsonString());
    }

    [Fact]
    public async Task Twenty_clients_prompt_one_agent_at_once_and_each_sees_only_its_own_output()
    {
        await using var relay = await platform.StartRelayAsync(configure: b => b.Services.AddAcpPlatformAgents());
        await relay.WaitForAgentAsync("echo");
        var agent = relay.Get<PlatformAcpAgents>().Find("echo")!;
        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => AcpSession.AttachAsync(agent, "acp-" + i)));
        try
        {
            var runs = clients.Select(async (client, i) =>
            {
                var sessionId = await client.NewSessionAsync();
                var texts = new List<string>();
                for (var turn = 0; turn < 3; turn++)
                {
                    var (response, before) = await client.CallAsync(AcpMethods.SessionPrompt, AcpSession.Prompt(sessionId, $"client {i} turn {turn}"));
                    Assert.Equal("end_turn", (string)response.Result!["stopReason"]!);
                    Assert.All(before, m => Assert.Equal(sessionId, m.SessionId));
                    texts.AddRange(AcpSession.AgentText(before));
                }
                return texts;
            }).ToList();
            var results = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(60));
            for (var i = 0; i < results.Length; i++) Assert.Equal([$"client {i} turn 0", $"client {i} turn 1", $"client {i} turn 2"], results[i]);
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }
}
