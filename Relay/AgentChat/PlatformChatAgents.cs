using System.Collections.Concurrent;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Relay.AspV1;
using AgentPlatform.Relay.Routing;
using AgentPlatform.Server.AgentChat;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.Relay.AgentChat;

/// <summary>
/// The platform's agents as AgentChat members. A name is addressable as <c>@name</c> when the Relay can route to it now
/// (the Registry view or a direct-mode provider, checked on every DM, as the ACP bridge does). <c>#agents</c> lists
/// them: the direct-mode providers (live) and the Registry's agent names, read from its <c>GET /v1/agents</c> at most
/// every few seconds (the Relay's directory keeps no list of names; the listing is refreshed in the background and
/// never blocks the engine).
/// </summary>
public sealed partial class PlatformChatAgents : IAgentChatPlatformAgents
{
    private static readonly TimeSpan NamesRefresh = TimeSpan.FromSeconds(5);

    private readonly AgentDirectory _directory;
    private readonly RelayOptions _options;
    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _time;
    private readonly ILogger<PlatformChatAgents> _logger;
    private readonly PlatformChatServices _services;
    private readonly ConcurrentDictionary<(string From, string Name), ChatConversation> _conversations = new();
    private volatile string[] _registryNames = [];
    private long _namesRead; // 0: never read
    private int _refreshing;

    public PlatformChatAgents(AgentDirectory directory, InvocationRouter router, AspV1Observer observer, RelayOptions options, IHttpClientFactory http,
        TimeProvider time, ILogger<PlatformChatAgents> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = directory;
        _options = options;
        _http = http;
        _time = time;
        _logger = logger;
        var limits = new InvocationLimits { MaxConcurrent = options.Limits.MaxConcurrentInvocations, MaxDuration = options.FunctionTimeout };
        _services = new PlatformChatServices(router, observer, limits, time);
    }

    public IReadOnlyCollection<string> Names
    {
        get
        {
            RefreshNamesIfStale();
            return [.. _registryNames.Concat(_directory.Providers.Agents).Where(Knows).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }
    }

    public bool Knows(string name) =>
        _directory.Instances(name).Count > 0 || _directory.Providers.Agents.Contains(name, StringComparer.Ordinal);

    public void Deliver(string from, string name, string content, IAgentChatOutlet outlet)
    {
        var conversation = _conversations.GetOrAdd((from, name), key => new ChatConversation(key.From, key.Name, outlet, _services));
        _ = RunAsync(conversation, content);
    }

    public void Disconnected(string agentId)
    {
        foreach (var key in _conversations.Keys.Where(k => k.From == agentId).ToList())
        {
            if (_conversations.TryRemove(key, out var conversation)) _ = conversation.StopAsync("the AgentChat agent left");
        }
    }

    private async Task RunAsync(ChatConversation conversation, string content)
    {
        try
        {
            await conversation.ReceiveAsync(content).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or OperationCanceledException)
        {
            // The table reports failures as ERROR frames; this only guards the fire-and-forget start.
            var error = ex.GetType().Name;
            LogDeliveryFailed(_logger, conversation.Name, error);
        }
    }

    private void RefreshNamesIfStale()
    {
        var read = Interlocked.Read(ref _namesRead);
        if (_options.RegistryUrl is not { } registry || (read != 0 && _time.GetElapsedTime(read) < NamesRefresh)) return;
        if (Interlocked.Exchange(ref _refreshing, 1) != 0) return;
        _ = Task.Run(async () =>
        {
            try
            {
                using var client = _http.CreateClient("registry-watch");
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                var list = await client.GetFromJsonAsync(new Uri(registry, "/v1/agents"), RegistryJsonContext.Default.AgentList, cts.Token).ConfigureAwait(false);
                if (list is not null) _registryNames = [.. list.Agents.Select(a => a.Name)];
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or System.Text.Json.JsonException)
            {
                var error = ex.GetType().Name;
                LogNamesFailed(_logger, error);
            }
            finally
            {
                Interlocked.Exchange(ref _namesRead, _time.GetTimestamp());
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AgentChat DM to platform agent {Agent} could not start: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string agent, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "AgentChat could not read the Registry's agent names: {Error}")]
    private static partial void LogNamesFailed(ILogger logger, string error);
}
