using System.Buffers.Binary;
using System.Collections.Concurrent;
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

/// <summary>
/// Relay:Functions:Key: a Function App in Azure answers 401 without its host key (infra/ gives the Relay the key).
/// The stand-in host here checks <c>x-functions-key</c> the way the Functions host does.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class FunctionsKeyTests(PlatformFixture platform)
{
    private const string Key = "host-key-for-tests";

    [Fact]
    public async Task The_configured_key_goes_with_every_invocation_and_without_it_the_host_refuses()
    {
        var seen = new ConcurrentQueue<string?>();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        await using var host = builder.Build();
        host.MapPost("/invoke/{agent}", async (HttpContext http) =>
        {
            var key = http.Request.Headers["x-functions-key"].FirstOrDefault();
            seen.Enqueue(key);
            if (key != Key)
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            var record = MsgPackValue.Map(("t", "result"), ("result", "keyed")).ToBytes();
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)record.Length);
            await http.Response.Body.WriteAsync(length);
            await http.Response.Body.WriteAsync(record);
        });
        await host.StartAsync();
        const string Agent = "keyed";
        await RegisterAsync(Agent, $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        await using (var keyed = await platform.StartRelayAsync(new Dictionary<string, string?> { ["Relay:Functions:Key"] = Key }))
        {
            await keyed.WaitForAgentAsync(Agent);
            var (client, _) = await keyed.OpenAsync();
            await using var ownedC = client;
            await client.SendAsync(new InvokeFrame("k1", Agent, MsgPackValue.Nil));
            var complete = Assert.IsType<CompleteFrame>(await client.ReceiveAsync());
            Assert.Equal("keyed", complete.Result!.AsString());
        }

        await using (var unkeyed = await platform.StartRelayAsync())
        {
            await unkeyed.WaitForAgentAsync(Agent);
            var (client, _) = await unkeyed.OpenAsync();
            await using var ownedC = client;
            await client.SendAsync(new InvokeFrame("k2", Agent, MsgPackValue.Nil));
            var error = Assert.IsType<ErrorFrame>(await client.ReceiveAsync());
            Assert.Equal("k2", error.Id);
        }
        Assert.Equal([Key, null], seen);
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
