using System.Globalization;
using AgentPlatform.Client.Acp;
using AgentPlatform.Reliability.Proxy;
using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Disconnects;

/// <summary>
/// ACP with the Relay's replay extension: an <see cref="AcpClient"/> (replay on) prompts the streaming <c>llm</c>
/// platform agent through <see cref="CuttingProxy"/>; mid-stream the connection is cut (RST and FIN alternating), a new
/// client connects, initializes and resumes the session after the last sequence number the old one saw. Every
/// <c>agent_message_chunk</c> of every prompt must arrive exactly once, across both connections.
/// </summary>
public sealed class AcpReplayDisconnects : IReliabilityScenario
{
    private const int Seed = 23;

    public string Dialect => "acp";

    public string Kind => "disconnects";

    public string Name => "acp-replay-disconnects";

    public string Expectation => "with the replay extension every session/update chunk of every prompt arrives exactly once across the forced disconnects and resumes";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var platform = await DisconnectPlatform.GetAsync(context).ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var acp = platform.Endpoints.Raw["acp"] ?? throw new InvalidOperationException("endpoints.json has no acp entry");
        var url = new Uri(acp["url"]!.GetValue<string>().TrimEnd('/') + "/llm");
        var token = acp["token"]?.GetValue<string>();
        await using var proxy = CuttingProxy.Start(url);

        var target = context.Options.Disconnects;
        var random = new Random(Seed);
        var tally = new DeliveryTally();
        var result = new ScenarioResult();
        var cuts = 0;
        var currentPrompt = "";
        var cutAt = -1;
        var replayed = 0L;
        var truncated = 0;
        var incomplete = 0;
        var options = new AcpClientOptions
        {
            Replay = true,
            AckInterval = TimeSpan.FromMilliseconds(50),
            OnSessionUpdate = update =>
            {
                foreach (var (id, prompt, index) in ChunkText.Parse(update.Text))
                {
                    tally.RecordReceived(id);
                    // The cut comes from the receive loop itself, at a chunk in the middle of the answer.
                    if (prompt == Volatile.Read(ref currentPrompt) && index == Volatile.Read(ref cutAt))
                    {
                        Volatile.Write(ref cutAt, -1);
                        if (proxy.Cut(Interlocked.Increment(ref cuts) % 2 == 1 ? CutMode.Reset : CutMode.Fin) == 0) Interlocked.Decrement(ref cuts);
                    }
                }
                return ValueTask.CompletedTask;
            },
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(5));
        var client = await ConnectAsync(proxy.Via(url), token, options, deadline.Token).ConfigureAwait(false);
        try
        {
            var session = await client.NewSessionAsync("/", cancellationToken: deadline.Token).ConfigureAwait(false);
            var prompts = 0;
            var clean = 0;
            while (prompts < target * 2 + 10 && clean < 2 && !deadline.IsCancellationRequested)
            {
                var prompt = "c" + prompts.ToString(CultureInfo.InvariantCulture);
                prompts++;
                var expected = ChunkText.Expected(prompt).ToList();
                foreach (var id in expected) tally.RecordSent(id);
                var cutsBefore = Volatile.Read(ref cuts);
                Volatile.Write(ref currentPrompt, prompt);
                Volatile.Write(ref cutAt, cutsBefore < target ? random.Next(1, NumberedChatServer.Pieces - 1) : -1);
                if (cutsBefore >= target) clean++;
                try
                {
                    await PromptAsync(client, session, prompt, deadline.Token).ConfigureAwait(false);
                }
                catch (AcpException) when (Volatile.Read(ref cuts) > cutsBefore)
                {
                    // The cut took the prompt's connection (and its response) with it: resume on a new one below.
                }
                if (Volatile.Read(ref cuts) > cutsBefore)
                {
                    var after = client.LastSeq(session);
                    await client.DisposeAsync().ConfigureAwait(false);
                    client = await ConnectAsync(proxy.Via(url), token, options, deadline.Token).ConfigureAwait(false);
                    var resumed = await client.ResumeAsync(session, after, deadline.Token).ConfigureAwait(false);
                    replayed += resumed.Replayed;
                    if (resumed.Truncated) truncated++;
                }
                // The rest of the answer arrives live or replayed; the prompt's response went with the old connection.
                var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
                while (!expected.All(tally.HasReceived) && DateTime.UtcNow < until) await Task.Delay(10, deadline.Token).ConfigureAwait(false);
                if (!expected.All(tally.HasReceived)) incomplete++;
            }
            result.Notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{prompts} prompts to llm × {NumberedChatServer.Pieces} chunks; {cuts} cuts (RST/FIN alternating, seed {Seed}); {replayed} notifications replayed on resume; {proxy.Accepted} TCP connections; {clock.Elapsed.TotalSeconds:F1} s once the platform was up"));
        }
        finally
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        tally.Complete(result, cuts);
        if (cuts < target) result.Fail(string.Create(CultureInfo.InvariantCulture, $"only {cuts} of {target} disconnects were made"));
        if (truncated > 0) result.Fail(string.Create(CultureInfo.InvariantCulture, $"{truncated} resumes reported truncated logs"));
        if (incomplete > 0) result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"{incomplete} prompts did not deliver all chunks within 15 s"));
        return result;
    }

    private static async Task<AcpClient> ConnectAsync(Uri url, string? token, AcpClientOptions options, CancellationToken cancellationToken)
    {
        var client = await AcpClient.ConnectAsync(url, token, options, cancellationToken).ConfigureAwait(false);
        await client.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>Prompts; while the previous turn is still ending on the Relay (-32600), waits and asks again (bounded).</summary>
    private static async Task PromptAsync(AcpClient client, string session, string prompt, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.PromptAsync(session, prompt, null, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AcpException ex) when (ex.Code == -32600 && attempt < 200)
            {
                await Task.Delay(25, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
