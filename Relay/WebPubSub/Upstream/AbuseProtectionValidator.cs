using System.Collections.Concurrent;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;
using AgentPlatform.Relay.WebPubSub.Options;

namespace AgentPlatform.Relay.WebPubSub.Upstream;

/// <summary>
/// The CloudEvents webhook abuse-protection handshake: before the first event to a handler URL the service
/// sends <c>OPTIONS</c> with <c>WebHook-Request-Origin: &lt;host&gt;</c> and delivers only if the handler answers 2xx
/// with <c>WebHook-Allowed-Origin</c> of <c>*</c> or that host. A pass is cached for a while; a failure is retried
/// with back-off so that a handler that comes up later is picked up.
/// </summary>
public sealed partial class AbuseProtectionValidator(IHttpClientFactory httpClients, WebPubSubOptions options, TimeProvider time,
    ILogger<AbuseProtectionValidator> logger)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The origin host the service presents (no port: the .NET handler matches on the endpoint's host name).</summary>
    public string Origin => options.ConnectionString.Endpoint.Host;

    /// <summary>True when the handler at <paramref name="url"/> allows this service to call it.</summary>
    public async ValueTask<bool> IsAllowedAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var key = url.GetLeftPart(UriPartial.Path);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.ValidUntil > now) return entry.Allowed;
        var allowed = await CheckAsync(url, cancellationToken).ConfigureAwait(false);
        var backoff = allowed ? options.AbuseProtectionTtl : NextBackoff(entry);
        _entries[key] = new Entry(allowed, now + backoff, allowed ? TimeSpan.Zero : backoff);
        return allowed;
    }

    private static TimeSpan NextBackoff(Entry? previous)
    {
        var last = previous is { Allowed: false } p ? p.Backoff : TimeSpan.Zero;
        var next = last == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : last * 2;
        return next > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : next;
    }

    private async Task<bool> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            var client = httpClients.CreateClient(WebPubSubUpstreamClient.HttpClientName);
            using var response = await SendAsync(client, HttpMethod.Options, url, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound || response.StatusCode == System.Net.HttpStatusCode.MethodNotAllowed)
            {
                // Some handlers only answer the validation on GET.
                using var get = await SendAsync(client, HttpMethod.Get, url, timeout.Token).ConfigureAwait(false);
                return Accepts(get, url);
            }
            return Accepts(response, url);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            if (cancellationToken.IsCancellationRequested) throw;
            LogUnreachable(logger, url.Host, ex.Message);
            return false;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation(WebPubSubEventHeaders.RequestOrigin, Origin);
        request.Headers.TryAddWithoutValidation(WebPubSubEventHeaders.AwpsVersion, "1.0");
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private bool Accepts(HttpResponseMessage response, Uri url)
    {
        if (!response.IsSuccessStatusCode)
        {
            LogRefused(logger, url.Host, (int)response.StatusCode);
            return false;
        }
        if (!response.Headers.TryGetValues(WebPubSubEventHeaders.AllowedOrigin, out var values))
        {
            LogRefused(logger, url.Host, (int)response.StatusCode);
            return false;
        }
        var endpoint = options.ConnectionString.Endpoint;
        foreach (var value in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            // The express SDK lists allowed endpoints as host:port; the .NET SDK as the host name alone.
            if (value == "*" || value.Equals(endpoint.Host, StringComparison.OrdinalIgnoreCase)
                || value.Equals(endpoint.Authority, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        LogRefused(logger, url.Host, (int)response.StatusCode);
        return false;
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Web PubSub handler at {Host} did not allow this origin (status {Status})")]
    private static partial void LogRefused(ILogger logger, string host, int status);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Web PubSub handler at {Host} unreachable for abuse protection: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string host, string reason);

    private sealed record Entry(bool Allowed, DateTimeOffset ValidUntil, TimeSpan Backoff);
}
