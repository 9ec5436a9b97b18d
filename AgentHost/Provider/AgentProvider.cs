using System.Net.WebSockets;
using AgentPlatform.AgentHost.Invocations;
using AgentPlatform.Agents;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Client.Auth;
using AgentPlatform.Client.Sessions;
using AgentPlatform.Protocol;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.AspV1;
using AgentPlatform.Server.AspV1.Invocations;

namespace AgentPlatform.AgentHost.Provider;

/// <summary>
/// The direct-mode agent runtime: holds an outbound asp-v1 connection to the Relay as HELLO <c>role: provider</c>
/// with its agent names, and serves the INVOKE, INTERRUPT and REPLY frames the Relay forwards with the same
/// <see cref="IAgent"/> classes Functions runs. Reconnects (with a new HELLO) when the connection drops;
/// invocations in flight at that moment are cancelled.
/// </summary>
public sealed class AgentProvider : IAsyncDisposable
{
    private readonly Uri _url;
    private readonly AgentRouter _router;
    private readonly AgentProviderOptions _options;

    // Parsing limits, built once: a per-frame `new` would allocate on every message received.
    private readonly AspV1Options _parseOptions;
    private readonly CancellationTokenSource _lifetime = new();
    private FrameSocket? _socket;
    private ServerHelloFrame? _hello;
    private Task? _loop;

    private AgentProvider(Uri url, IEnumerable<IAgent> agents, AgentProviderOptions options)
    {
        _url = url;
        _options = options;
        _router = new AgentRouter(agents, options.ContextStore);
        _parseOptions = new AspV1Options { MaxFrameSize = _options.MaxFrameSize };
    }

    /// <summary>The connection id the Relay assigned (changes on reconnect).</summary>
    public string? ConnectionId => _hello?.Cid;

    /// <summary>Connects to the Relay (<c>ws://…/v1/agent-socket</c>) and starts serving.</summary>
    public static async Task<AgentProvider> ConnectAsync(Uri relayUrl, IEnumerable<IAgent> agents, AgentProviderOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relayUrl);
        ArgumentNullException.ThrowIfNull(agents);
        var provider = new AgentProvider(relayUrl, agents, options ?? new AgentProviderOptions());
        await provider.OpenAsync(cancellationToken).ConfigureAwait(false);
        provider._loop = Task.Run(provider.ServeLoopAsync, CancellationToken.None);
        return provider;
    }

    // A token minted per connection attempt: reconnects after hours must not present an expired one.
    private string? CurrentToken() => _options.Token
        ?? (_options.AccessKey is { Length: > 0 } key
            ? AccessTokens.Create(key, _options.UserId, [.. _router.Names.Order(StringComparer.Ordinal).Select(AccessTokens.ProvideRole)], _options.TokenLifetime)
            : null);

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        var web = new ClientWebSocket();
        web.Options.AddSubProtocol(AspV1Protocol.SubProtocol);
        web.Options.KeepAliveInterval = _options.KeepAliveInterval;
        if (CurrentToken() is { } token) web.Options.SetRequestHeader("Authorization", "Bearer " + token);
        var socket = new FrameSocket(web, _options.MaxFrameSize);
        try
        {
            await web.ConnectAsync(_url, cancellationToken).ConfigureAwait(false);
            var hello = new ClientHelloFrame(AspV1Protocol.Version, [AspCapabilities.Stream, AspCapabilities.Tools, AspCapabilities.Request])
            {
                Role = AspRoles.Provider,
                Agents = [.. _router.Names.Order(StringComparer.Ordinal)],
            };
            await socket.SendAsync(AspV1Protocol.ToArray(hello), cancellationToken).ConfigureAwait(false);
            var answer = await socket.ReceiveAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the Relay closed during HELLO");
            _hello = AspV1Protocol.Parse(answer) switch
            {
                ServerHelloFrame serverHello => serverHello,
                ErrorFrame error => throw new AgentSocketException(error.Code, error.Message, error.Retryable),
                _ => throw new AgentSocketException(AspErrorCodes.BadFrame, "the Relay did not answer HELLO with HELLO", false),
            };
            _socket = socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ServeLoopAsync()
    {
        while (!_lifetime.IsCancellationRequested)
        {
            var socket = _socket!;
            var invocations = new InvocationTable(new ProviderOutput(socket), _router,
                new InvocationCaller(_hello?.Cid ?? "", _hello?.Session ?? "", null),
                new InvocationLimits { MaxConcurrent = _options.MaxInFlight }, SilentObserver.Instance, TimeProvider.System);
            try
            {
                while (await socket.ReceiveAsync(_lifetime.Token).ConfigureAwait(false) is { } message)
                {
                    var frame = AspV1Protocol.Parse(message, _parseOptions);
                    switch (frame)
                    {
                        case InvokeFrame invoke:
                            await invocations.StartAsync(invoke).ConfigureAwait(false);
                            break;
                        case InterruptFrame interrupt:
                            await invocations.InterruptAsync(interrupt).ConfigureAwait(false);
                            break;
                        case ReplyFrame reply:
                            await invocations.ReplyAsync(reply).ConfigureAwait(false);
                            break;
                        // ACK and connection-level ERROR need no action from a provider.
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or AspProtocolException or IOException)
            {
                if (ex is AspProtocolException protocol) await socket.CloseAsync(protocol.CloseCode, protocol.Code).ConfigureAwait(false);
            }
            await invocations.StopAllAsync("the link to the Relay dropped").ConfigureAwait(false);
            socket.Dispose();
            while (!_lifetime.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(_options.ReconnectDelay, _lifetime.Token).ConfigureAwait(false);
                    await OpenAsync(_lifetime.Token).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (ex is WebSocketException or AgentSocketException or InvalidOperationException or IOException)
                {
                    // The Relay is not back yet.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_socket is { } socket) await socket.CloseAsync(CloseCodes.Normal, "provider stopping").ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Abandon a stuck loop.
            }
        }
        _socket?.Dispose();
        _lifetime.Dispose();
    }
}
