using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Client.Registry;

/// <summary>
/// Client of the Registry HTTP API (docs/protocol/registry.md). Writes send the registry key; the watch stream
/// reconnects by itself and resumes from its last cursor, so a caller sees every event exactly in order.
/// </summary>
public sealed class RegistryClient
{
    private readonly HttpClient _http;
    private readonly string? _key;

    /// <param name="http">An HttpClient whose BaseAddress is the Registry (for example <c>http://registry</c>).</param>
    /// <param name="key">The registry key for writes; null for read-only use.</param>
    public RegistryClient(HttpClient http, string? key = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _key = key;
    }

    /// <summary>How long to wait before reconnecting a dropped watch stream.</summary>
    public TimeSpan WatchReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public async Task<AgentInstance> RegisterAsync(string name, string instanceId, AgentRegistration registration, CancellationToken ct = default)
    {
        using var request = Write(HttpMethod.Put, InstancePath(name, instanceId));
        request.Content = JsonContent.Create(registration, RegistryJsonContext.Default.AgentRegistration);
        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        await EnsureAsync(response, ct).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync(RegistryJsonContext.Default.AgentInstance, ct).ConfigureAwait(false))!;
    }

    /// <summary>False when the Registry no longer knows the instance: register again.</summary>
    public async Task<bool> HeartbeatAsync(string name, string instanceId, CancellationToken ct = default)
    {
        using var request = Write(HttpMethod.Post, InstancePath(name, instanceId) + "/heartbeat");
        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureAsync(response, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>False when the instance was not registered.</summary>
    public async Task<bool> DeregisterAsync(string name, string instanceId, CancellationToken ct = default)
    {
        using var request = Write(HttpMethod.Delete, InstancePath(name, instanceId));
        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await EnsureAsync(response, ct).ConfigureAwait(false);
        return true;
    }

    public async Task<AgentList> ListAsync(string? protocol = null, string? capability = null, string? mode = null, string? status = null,
        CancellationToken ct = default)
    {
        var query = string.Join('&', new[] { ("protocol", protocol), ("capability", capability), ("mode", mode), ("status", status) }
            .Where(p => p.Item2 is not null).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));
        using var response = await _http.GetAsync(new Uri("/v1/agents" + (query.Length > 0 ? "?" + query : ""), UriKind.Relative), ct).ConfigureAwait(false);
        await EnsureAsync(response, ct).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync(RegistryJsonContext.Default.AgentList, ct).ConfigureAwait(false))!;
    }

    /// <summary>The agent and its instances, or null when the name has none.</summary>
    public async Task<AgentEntry?> GetAsync(string name, CancellationToken ct = default)
    {
        using var response = await _http.GetAsync(new Uri("/v1/agents/" + Uri.EscapeDataString(name), UriKind.Relative), ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureAsync(response, ct).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(RegistryJsonContext.Default.AgentEntry, ct).ConfigureAwait(false);
    }

    /// <summary>One healthy instance chosen round-robin by the Registry, or null when there is none.</summary>
    public async Task<AgentInstance?> PickAsync(string name, CancellationToken ct = default)
    {
        using var response = await _http.GetAsync(new Uri("/v1/agents/" + Uri.EscapeDataString(name) + "/pick", UriKind.Relative), ct).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.ServiceUnavailable) return null;
        await EnsureAsync(response, ct).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(RegistryJsonContext.Default.AgentInstance, ct).ConfigureAwait(false);
    }

    /// <summary>The AID TXT value the Registry publishes for <paramref name="name"/>, or null when it publishes none.</summary>
    public async Task<string?> GetAidRecordAsync(string name, CancellationToken ct = default)
    {
        using var response = await _http.GetAsync(new Uri("/v1/agents/" + Uri.EscapeDataString(name) + "/aid", UriKind.Relative), ct).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict) return null;
        await EnsureAsync(response, ct).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The live watch stream. Starts with a snapshot (or, given <paramref name="cursor"/>, the events after it) and
    /// reconnects after any failure with <c>Last-Event-ID</c> until <paramref name="ct"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<RegistryWatchEvent> WatchAsync(long? cursor = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        while (!ct.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/watch", UriKind.Relative));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            if (cursor is { } c) request.Headers.Add("Last-Event-ID", c.ToString(CultureInfo.InvariantCulture));
            HttpResponseMessage? response = null;
            Stream? body = null;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.BadRequest) await EnsureAsync(response, ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
            }
            if (body is not null)
            {
                var reader = SseParser.Create(body, (type, data) => Decode(type, data));
                await using var items = reader.EnumerateAsync(ct).GetAsyncEnumerator(ct);
                while (true)
                {
                    RegistryWatchEvent? next = null;
                    try
                    {
                        if (!await items.MoveNextAsync().ConfigureAwait(false)) break;
                        next = items.Current.Data;
                        if (next is not null && long.TryParse(reader.LastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                        {
                            next = next with { Cursor = id };
                        }
                    }
                    catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException)
                    {
                        break;
                    }
                    if (next is null) continue;
                    cursor = next.Cursor;
                    yield return next;
                }
            }
            response?.Dispose();
            await Task.Delay(WatchReconnectDelay, ct).ConfigureAwait(false);
        }
    }

    private static RegistryWatchEvent? Decode(string type, ReadOnlySpan<byte> data)
    {
        if (type == WatchEventTypes.Snapshot)
        {
            var snapshot = JsonSerializer.Deserialize(data, RegistryJsonContext.Default.WatchSnapshot)!;
            return new RegistryWatchEvent(type, snapshot.Cursor, null, snapshot);
        }
        if (type is WatchEventTypes.Added or WatchEventTypes.Updated or WatchEventTypes.Stale or WatchEventTypes.Removed)
        {
            var instance = JsonSerializer.Deserialize(data, RegistryJsonContext.Default.AgentInstance)!;
            return new RegistryWatchEvent(type, -1, instance, null);
        }
        return null;
    }

    private HttpRequestMessage Write(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (_key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        return request;
    }

    private static string InstancePath(string name, string instanceId) =>
        "/v1/agents/" + Uri.EscapeDataString(name) + "/instances/" + Uri.EscapeDataString(instanceId);

    private static async Task EnsureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var message = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        Dictionary<string, string[]>? errors = null;
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            if (doc.RootElement.TryGetProperty("detail", out var d) && d.GetString() is { } detail) message += ": " + detail;
            else if (doc.RootElement.TryGetProperty("title", out var t) && t.GetString() is { } title) message += ": " + title;
            if (doc.RootElement.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                errors = e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(x => x.GetString() ?? "").ToArray());
            }
        }
        catch (JsonException)
        {
        }
        throw new RegistryException(response.StatusCode, message, errors);
    }
}
