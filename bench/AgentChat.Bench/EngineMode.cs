using System.Globalization;
using AgentPlatform.Server.AgentChat.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.AgentChat.Bench;

/// <summary>
/// <c>AgentChat.Bench engine</c>: the standalone AgentChat engine hosted the way <c>agentchat serve</c> hosts it
/// (AddAgentChatServer + MapAgentChat at <c>/</c>), with the bench's settings; prints <c>READY {"port":N}</c>.
/// </summary>
public static class EngineMode
{
    public static async Task<int> RunAsync()
    {
        var port = TestSupport.FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentChat:RateLimit:Enabled"] = "false",
            ["AgentChat:Identity:Policy"] = "Seed",
        });
        builder.Services.AddAgentChatServer(builder.Configuration.GetSection("AgentChat"));
        await using var app = builder.Build();
        app.MapAgentChat("/");
        await app.StartAsync();
        Console.WriteLine("READY {\"port\":" + port.ToString(CultureInfo.InvariantCulture) + "}");
        // Stops on SIGTERM (the bench disposes this process by its pid).
        await app.WaitForShutdownAsync();
        return 0;
    }
}
