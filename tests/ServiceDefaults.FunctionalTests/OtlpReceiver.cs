using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.ServiceDefaults.FunctionalTests;

/// <summary>
/// A minimal OTLP/HTTP receiver on a real port: keeps each export request's protobuf body per signal path. Strings in
/// protobuf are plain UTF-8, so span, service and metric names can be looked for without decoding the messages.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _exports = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public string Endpoint => _app.Urls.First();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var app = ServiceHost.BuildPlain();
        var receiver = new OtlpReceiver(app);
        foreach (var signal in new[] { "/v1/traces", "/v1/metrics", "/v1/logs" })
        {
            app.MapPost(signal, async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                receiver._exports.Enqueue((signal, body.ToArray()));
                // An empty Export*ServiceResponse: full success.
                context.Response.ContentType = "application/x-protobuf";
                return Results.Empty;
            });
        }
        await app.StartAsync();
        return receiver;
    }

    /// <summary>All bodies received on <paramref name="path"/>, as text (binary framing included).</summary>
    public string Received(string path) =>
        string.Concat(_exports.Where(e => e.Path == path).Select(e => Encoding.UTF8.GetString(e.Body)));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
