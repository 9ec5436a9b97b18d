using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Tests.Scenarios;

/// <summary>
/// One suite context for every scenario test (a collection fixture), in quick mode, so a platform a scenario asks for
/// by name (<see cref="SuiteContext.PlatformAsync"/>) starts once and is shared by all; stopped when the tests end.
/// The context's log is kept, and each test prints the part written while it ran.
/// </summary>
public sealed class SuiteFixture : IAsyncLifetime
{
    private readonly StringWriter _log = new();
    private readonly TextWriter _writer;
    private int _printed;

    public SuiteFixture()
    {
        if (!SuiteOptions.TryParse(["--quick"], out var options, out var error)) throw new InvalidOperationException(error);
        // A synchronized writer locks on itself, so TakeLog locks on it too.
        _writer = TextWriter.Synchronized(_log);
        Context = new SuiteContext(options, _writer);
    }

    public SuiteContext Context { get; }

    /// <summary>What the context logged since the last call.</summary>
    public string TakeLog()
    {
        lock (_writer)
        {
            var all = _log.ToString();
            var fresh = all[Math.Min(_printed, all.Length)..];
            _printed = all.Length;
            return fresh;
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        _log.Dispose();
    }
}
