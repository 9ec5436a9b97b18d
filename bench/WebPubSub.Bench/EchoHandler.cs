using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.WebPubSub.Bench;

/// <summary>
/// The smallest upstream event handler: allows any origin and answers every user event with its own body (200),
/// so the event round trip measures the Relay's CloudEvents hop and not a handler's work.
/// </summary>
public sealed class EchoHandler : IAsyncDisposable
{
    private readonly WebApplication _app;

    public EchoHandler(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapMethods("/handler/{event}", ["OPTIONS"], (HttpContext http) =>
        {
            http.Response.Headers["WebHook-Allowed-Origin"] = "*";
            return Results.Ok();
        });
        _app.MapPost("/handler/{event}", async (HttpContext http) =>
        {
            using var ms = new MemoryStream();
            await http.Request.Body.CopyToAsync(ms);
            http.Response.ContentType = http.Request.ContentType ?? "text/plain";
            await http.Response.Body.WriteAsync(ms.ToArray());
        });
    }

    public Task StartAsync() => _app.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
