using AgentPlatform.Agents;
using AgentPlatform.Functions.FunctionalTests.Hosting;
using AgentPlatform.Protocol.Functions;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Functions.FunctionalTests.Agents;

public sealed class InvocationLifecycleTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly ProbeAgent _probe = new();
    private FunctionsHost? _host;
    private InvokeClient? _client;

    private InvokeClient Client => _client!;

    public async ValueTask InitializeAsync()
    {
        _host = await FunctionsHost.StartAsync(FunctionsHost.SqliteSettings(_folder.Path),
            b => b.Services.AddSingleton<IAgent>(_probe));
        _client = new InvokeClient(_host.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Aborting_the_request_fires_the_agents_cancellation_token()
    {
        using var abort = new CancellationTokenSource();
        var first = true;
        try
        {
            await foreach (var record in Client.InvokeAsync("probe", InvokeClient.Body("s", "wait"), abort.Token))
            {
                Assert.True(first);
                Assert.Equal("started", Assert.IsType<ChunkRecord>(record).Data.AsString());
                first = false;
                await abort.CancelAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
        await _probe.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Chunks_arrive_while_the_agent_still_runs()
    {
        // The first record is readable before the agent finishes: nothing is buffered to the end.
        using var abort = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var records = Client.InvokeAsync("probe", InvokeClient.Body("s", "wait"), abort.Token).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await records.MoveNextAsync());
        Assert.IsType<ChunkRecord>(records.Current);
        Assert.False(_probe.Cancelled.Task.IsCompleted);
        await abort.CancelAsync();
    }

    [Fact]
    public async Task TimeoutMs_ends_the_invocation_with_a_retryable_TIMEOUT()
    {
        var body = InvokeClient.Body("s", "wait") with { TimeoutMs = 200 };
        var records = await Client.InvokeAllAsync("probe", body, TestContext.Current.CancellationToken);
        var error = Assert.IsType<ErrorRecord>(records[^1]);
        Assert.Equal("TIMEOUT", error.Code);
        Assert.True(error.Retryable);
    }

    [Fact]
    public async Task An_agent_exception_becomes_its_error_record()
    {
        var records = await Client.InvokeAllAsync("probe", InvokeClient.Body("s", "refuse"), TestContext.Current.CancellationToken);
        var error = Assert.IsType<ErrorRecord>(records[^1]);
        Assert.Equal(("BAD_INPUT", "probe refuses", false), (error.Code, error.Message, error.Retryable));
    }

    [Fact]
    public async Task An_unexpected_failure_is_INTERNAL_without_leaking_the_message()
    {
        var records = await Client.InvokeAllAsync("probe", InvokeClient.Body("s", "throw"), TestContext.Current.CancellationToken);
        var error = Assert.IsType<ErrorRecord>(records[^1]);
        Assert.Equal("INTERNAL", error.Code);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_chunks_arrive_in_order_then_the_result()
    {
        var records = await Client.InvokeAllAsync("probe", InvokeClient.Body("s", "count:500"), TestContext.Current.CancellationToken);
        Assert.Equal(502, records.Count);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i), records.Skip(1).Take(500).Select(r => ((ChunkRecord)r).Data.AsInt64()));
        Assert.Equal(500, Assert.IsType<ResultRecord>(records[^1]).Result!.AsInt64());
    }
}
