using AgentPlatform.AgentChat.Daemon;
using AgentPlatform.AgentChat.Tests.Infrastructure;
using AgentPlatform.Client.AgentChat;

namespace AgentPlatform.AgentChat.Tests.Daemon;

/// <summary>A daemon run in process (a task and its cancellation), restartable with the same files.</summary>
public sealed class RunningDaemon : IAsyncDisposable
{
    private CancellationTokenSource? _stop;
    private Task? _run;

    public RunningDaemon(ChatServer server, TempDir state, string name, AgentChatIdentity? identity = null, params string[] channels)
    {
        Paths = DaemonPaths.For(state.Combine("daemons"), name);
        Options = new DaemonOptions
        {
            Server = server.Uri,
            Paths = Paths,
            Identity = identity,
            Name = name,
            Channels = channels.Length == 0 ? ["#general"] : channels,
            StateDir = state.Path,
            OutboxPoll = TimeSpan.FromMilliseconds(50),
            ReconnectDelay = TimeSpan.FromMilliseconds(100),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
        };
    }

    public DaemonPaths Paths { get; }

    /// <summary>What ended the run early, if it ended (for failure messages).</summary>
    public string State => _run is null ? "not started" : _run.IsFaulted ? "faulted: " + _run.Exception : _run.IsCompleted ? "ended" : "running";

    public DaemonOptions Options { get; }

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _run = new AgentChatDaemon(Options).RunAsync(_stop.Token);
    }

    public async Task StopAsync()
    {
        if (_stop is null || _run is null) return;
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(15));
        _stop.Dispose();
        _stop = null;
        _run = null;
    }

    /// <summary>Appends outbox lines as an agent would (one append each).</summary>
    public void Post(string to, string content) =>
        File.AppendAllText(Paths.Outbox, new System.Text.Json.Nodes.JsonObject { ["to"] = to, ["content"] = content }.ToJsonString() + "\n");

    public string[] InboxLines() => File.Exists(Paths.Inbox) ? File.ReadAllLines(Paths.Inbox) : [];

    public async ValueTask DisposeAsync() => await StopAsync();
}
