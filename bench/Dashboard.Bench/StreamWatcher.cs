using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using AgentPlatform.Dashboard.Sse;

namespace AgentPlatform.Dashboard.Bench;

/// <summary>Reads one SSE stream and stamps when each agent key first appears in an "added" event.</summary>
public sealed class StreamWatcher : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _seen = new(StringComparer.Ordinal);
    private readonly Task _pump;

    private StreamWatcher(HttpClient http, Uri url, Func<SseEvent, string?> keyOf)
    {
        _pump = Task.Run(() => PumpAsync(http, url, keyOf));
    }

    public TaskCompletionSource<bool> Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The Registry's own watch: data is the instance.</summary>
    public static StreamWatcher Registry(HttpClient http, Uri baseUrl) => new(http, new Uri(baseUrl, "v1/watch"),
        e => e.Type == "added" ? KeyOf(JsonDocument.Parse(e.Data).RootElement) : null);

    /// <summary>The dashboard's live feed: data is {kind, instance}.</summary>
    public static StreamWatcher Dashboard(HttpClient http, Uri baseUrl) => new(http, new Uri(baseUrl, "api/live"), e =>
    {
        if (e.Type != "agent") return null;
        var root = JsonDocument.Parse(e.Data).RootElement;
        return root.GetProperty("kind").GetString() == "added" ? KeyOf(root.GetProperty("instance")) : null;
    });

    public Task<long> SeenAsync(string key) => _seen.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private static string KeyOf(JsonElement instance) =>
        instance.GetProperty("name").GetString() + "/" + instance.GetProperty("instanceId").GetString();

    private async Task PumpAsync(HttpClient http, Uri url, Func<SseEvent, string?> keyOf)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(_stop.Token);
        Connected.TrySetResult(true);
        await foreach (var evt in SseStreamReader.ReadAsync(body, new SseParser(), _stop.Token))
        {
            var stamp = Stopwatch.GetTimestamp();
            if (keyOf(evt) is { } key) _seen.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(stamp);
        }
    }
}
