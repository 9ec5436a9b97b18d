using System.Globalization;
using AgentPlatform.Client.AgentSocket;
using AgentPlatform.Protocol.MessagePack;
using AgentPlatform.Reliability.Proxy;
using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Disconnects;

/// <summary>
/// asp-v1 reliable sessions: the .NET SDK (<see cref="AgentSocketClient"/>, reliable, auto-reconnect) invokes the
/// streaming <c>llm</c> agent back to back through <see cref="CuttingProxy"/>; each invocation's connection is cut
/// (RST and FIN alternating) at a random chunk in the middle of its stream. Every chunk must arrive once, in order.
/// </summary>
public sealed class AspV1ReliableSessionDisconnects : IReliabilityScenario
{
    private const int Seed = 17;

    public string Dialect => "asp-v1";

    public string Kind => "disconnects";

    public string Name => "asp-v1-reliable-disconnects";

    public string Expectation => "every STREAM chunk of every invocation arrives exactly once and in order across the forced disconnects; every invocation completes";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var platform = await DisconnectPlatform.GetAsync(context).ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var endpoints = platform.Endpoints;
        var url = endpoints.AgentSocketUrl ?? throw new InvalidOperationException("endpoints.json has no agentSocket url");
        await using var proxy = CuttingProxy.Start(url);
        await using var client = await AgentSocketClient.ConnectAsync(proxy.Via(url), new AgentSocketClientOptions
        {
            Token = endpoints.AgentSocketToken,
            Reliable = true,
            AutoReconnect = true,
            // Quick retries: the proxy accepts again at once, and 100 cuts must not cost 100 back-offs.
            ReconnectDelays = [TimeSpan.Zero, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250)],
            MaxReconnectAttempts = 40,
        }, cancellationToken).ConfigureAwait(false);

        var target = context.Options.Disconnects;
        var random = new Random(Seed);
        var tally = new DeliveryTally();
        var result = new ScenarioResult();
        var cuts = 0;
        var outOfOrder = 0;
        var failed = 0;
        var invocations = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(5));
        // One cut per invocation until the target is reached, then two clean invocations to show the session still works.
        var maxInvocations = target * 2 + 10;
        var clean = 0;
        while (invocations < maxInvocations && clean < 2 && !deadline.IsCancellationRequested)
        {
            var prompt = "a" + invocations.ToString(CultureInfo.InvariantCulture);
            invocations++;
            foreach (var id in ChunkText.Expected(prompt)) tally.RecordSent(id);
            var cutAt = cuts < target ? random.Next(1, NumberedChatServer.Pieces - 1) : -1;
            if (cutAt < 0) clean++;
            var next = 0;
            using var perCall = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            perCall.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await foreach (var evt in client.InvokeAsync("llm", MsgPackValue.From(prompt), perCall.Token).ConfigureAwait(false))
                {
                    if (evt is not ChunkEvent chunk || chunk.Data.Kind != MsgPackValueKind.String) continue;
                    foreach (var (id, _, index) in ChunkText.Parse(chunk.Data.AsString()))
                    {
                        tally.RecordReceived(id);
                        if (index != next) outOfOrder++;
                        next = index + 1;
                        if (index == cutAt && proxy.Cut(cuts % 2 == 0 ? CutMode.Reset : CutMode.Fin) > 0) cuts++;
                    }
                }
            }
            catch (AgentSocketException ex)
            {
                failed++;
                if (failed <= 3) result.Notes.Add($"invocation {prompt} failed: {ex.Message}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failed++;
                if (failed <= 3) result.Notes.Add($"invocation {prompt} did not end within its time");
            }
        }
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{invocations} invocations of llm × {NumberedChatServer.Pieces} chunks; {cuts} cuts (RST/FIN alternating, seed {Seed}); {client.Reconnects} reconnects, {proxy.Accepted} TCP connections; {clock.Elapsed.TotalSeconds:F1} s once the platform was up"));
        tally.Complete(result, cuts);
        if (cuts < target) result.Fail(string.Create(CultureInfo.InvariantCulture, $"only {cuts} of {target} disconnects were made"));
        if (outOfOrder > 0) result.Fail(string.Create(CultureInfo.InvariantCulture, $"{outOfOrder} chunks out of order"));
        if (failed > 0) result.Fail(string.Create(CultureInfo.InvariantCulture, $"{failed} invocations failed"));
        return result;
    }
}
