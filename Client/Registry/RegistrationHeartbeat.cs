using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Client.Registry;

/// <summary>
/// Keeps one instance registered: registers, heartbeats every <see cref="Interval"/>, registers again when the
/// Registry answers 404 (it pruned or lost the instance), and retries after failures. Dispose to stop; the
/// instance is deregistered unless <see cref="DeregisterOnDispose"/> is false.
/// </summary>
public sealed class RegistrationHeartbeat : IAsyncDisposable
{
    private readonly RegistryClient _client;
    private readonly string _name;
    private readonly string _instanceId;
    private readonly AgentRegistration _registration;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _registrations;
    private long _failures;

    public RegistrationHeartbeat(RegistryClient client, string name, string instanceId, AgentRegistration registration, TimeProvider? time = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _name = name;
        _instanceId = instanceId;
        _registration = registration;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Heartbeat period; keep it well under the Registry's timeout (default 30 s against 90 s).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    public bool DeregisterOnDispose { get; init; } = true;

    /// <summary>How many times the instance was (re-)registered.</summary>
    public long Registrations => Interlocked.Read(ref _registrations);

    /// <summary>Failed register or heartbeat attempts so far (network errors, 5xx).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Raised after each (re-)registration, for logging.</summary>
    public event Action<AgentInstance>? Registered;

    /// <summary>Registers once (throwing if the Registry refuses), then keeps heartbeating in the background.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await RegisterAsync(ct).ConfigureAwait(false);
        _loop = RunAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            if (DeregisterOnDispose)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _client.DeregisterAsync(_name, _instanceId, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or RegistryException)
                {
                    // Best effort: the Registry prunes the instance after its timeout anyway.
                }
            }
        }
        _stop.Dispose();
    }

    private async Task RegisterAsync(CancellationToken ct)
    {
        var instance = await _client.RegisterAsync(_name, _instanceId, _registration, ct).ConfigureAwait(false);
        Interlocked.Increment(ref _registrations);
        Registered?.Invoke(instance);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            try
            {
                if (!await _client.HeartbeatAsync(_name, _instanceId, ct).ConfigureAwait(false)) await RegisterAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or RegistryException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }
}
