using System.Globalization;
using System.Net.Http.Json;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Relay.Tests.Infrastructure;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Relay.Tests.AspV1;

/// <summary>Relay mode when the function host is down, answers 5xx or breaks the contract: ERROR, retryable.</summary>
[Collection(PlatformGroup.Name)]
public sealed class FunctionFailureTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_function_host_that_is_down_gives_FUNCTION_UNAVAILABLE_retryable_and_the_next_turn_works_after_restart()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("echo");
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await platform.StopFunctionsAsync();
        try
        {
            await client.SendAsync(new InvokeFrame("d1", "echo", MsgPackValue.From(1)));
            var error = Assert.IsType<ErrorFrame>(await client.ReceiveAsync());
            Assert.Equal((AspErrorCodes.FunctionUnavailable, "d1", true), (error.Code, error.Id, error.Retryable));
        }
        finally
        {
            await platform.StartFunctionsAsync();
        }
        await client.SendAsync(new InvokeFrame("d2", "echo", MsgPackValue.From(2)));
        Assert.IsType<StreamFrame>(await client.ReceiveAsync());
        Assert.IsType<CompleteFrame>(await client.ReceiveAsync());
    }

    [Theory]
    [InlineData(503, AspErrorCodes.FunctionUnavailable, true)]
    [InlineData(500, AspErrorCodes.FunctionUnavailable, true)]
    [InlineData(429, AspErrorCodes.FunctionUnavailable, true)]
    [InlineData(404, AspErrorCodes.UnknownAgent, false)]
    [InlineData(409, AspErrorCodes.Conflict, true)]
    [InlineData(200, AspErrorCodes.FunctionProtocol, true)]
    public async Task A_function_answer_maps_to_its_error_code(int status, string code, bool retryable)
    {
        // A stand-in host speaking just enough HTTP: a status, or (200) a body that breaks the record format.
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        await using var stub = builder.Build();
        stub.MapPost("/invoke/{agent}", async (HttpContext http) =>
        {
            http.Response.StatusCode = status;
            if (status == 200) await http.Response.Body.WriteAsync(new byte[] { 0, 0, 0, 3, 0xc1, 0xc1, 0xc1 });
        });
        await stub.StartAsync();
        var agent = "broken-" + status.ToString(CultureInfo.InvariantCulture);
        await RegisterAsync(agent, $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync(agent);
        var (client, _) = await relay.OpenAsync();
        await using var ownedC = client;
        await client.SendAsync(new InvokeFrame("b1", agent, MsgPackValue.Nil));
        var error = Assert.IsType<ErrorFrame>(await client.ReceiveAsync());
        Assert.Equal((code, "b1", retryable), (error.Code, error.Id, error.Retryable));
    }

    [Fact]
    public async Task Agents_registered_after_start_become_routable_through_the_watch_stream_and_leave_with_it()
    {
        await using var relay = await platform.StartRelayAsync();
        await relay.WaitForAgentAsync("echo");
        Assert.Null(relay.Get<Routing.AgentDirectory>().Resolve("late-agent"));
        await RegisterAsync("late-agent", platform.FunctionsUrl.ToString().TrimEnd('/'));
        await relay.WaitForAgentAsync("late-agent");
        using var http = new HttpClient();
        using var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri(platform.RegistryUrl, "/v1/agents/late-agent/instances/test"));
        delete.Headers.Authorization = new("Bearer", PlatformFixture.RegistryKey);
        (await http.SendAsync(delete)).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => relay.Get<Routing.AgentDirectory>().Resolve("late-agent") is null, TimeSpan.FromSeconds(10), "removed");
    }

    private async Task RegisterAsync(string agent, string endpoint)
    {
        using var http = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(platform.RegistryUrl, $"/v1/agents/{agent}/instances/test"))
        {
            Content = JsonContent.Create(new { endpoint, protocol = "asp-v1", mode = "relay" }),
        };
        put.Headers.Authorization = new("Bearer", PlatformFixture.RegistryKey);
        (await http.SendAsync(put)).EnsureSuccessStatusCode();
    }
}
