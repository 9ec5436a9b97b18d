using System.Globalization;
using System.Net.WebSockets;
using AgentPlatform.Reliability.Suite;

namespace AgentPlatform.Reliability.Limits;

/// <summary>
/// The process-wide ceiling on a platform AppHost starts with Relay:Limits:MaxConnections lowered: sockets are opened
/// until the Relay refuses with 503 + Retry-After; the connections it holds keep being served, and a freed place is
/// taken again.
/// </summary>
public sealed class CeilingScenario : IReliabilityScenario
{
    private const int Ceiling = 40;

    public string Dialect => "platform";

    public string Kind => "limits";

    public string Name => "limits-ceiling";

    public string Expectation =>
        "with Relay:Limits:MaxConnections = 40, at most 40 dialect connections are admitted, the next upgrade gets 503 with Retry-After, held clients are still served, and a freed place admits a new client";

    public async Task<ScenarioResult> RunAsync(SuiteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new ScenarioResult();
        var platform = await context.PlatformAsync("limits-ceiling", o => o.Environment["Relay__Limits__MaxConnections"] = Ceiling.ToString(CultureInfo.InvariantCulture))
            .ConfigureAwait(false);
        var relay = platform.Endpoints.Relay;
        var held = new List<ClientWebSocket>();
        var refusals = new List<string>();
        try
        {
            // Bounded: never more than twice the ceiling attempts.
            for (var i = 0; i < Ceiling * 2 && refusals.Count == 0; i++)
            {
                var socket = await LimitsProbe.OpenChatAsync(relay, cancellationToken, refusals).ConfigureAwait(false);
                if (socket is not null) held.Add(socket);
            }
            result.Sent = held.Count + refusals.Count;
            result.Received = held.Count;
            result.Notes.Add($"admitted {held.Count} AgentChat sockets (the ceiling of {Ceiling} counts every dialect's connections together), then refused: {string.Join("; ", refusals)}");
            if (refusals.Count == 0) return result.Fail($"no refusal after {held.Count} connections");
            if (held.Count > Ceiling) return result.Fail($"{held.Count} admitted, over the ceiling of {Ceiling}");
            if (!refusals[0].StartsWith("503 Retry-After", StringComparison.Ordinal)) return result.Fail("the refusal was not 503 with Retry-After: " + refusals[0]);
            // Held clients are served while the Relay is full.
            if (!await LimitsProbe.IdentifyAsync(held[0], "limits-held", cancellationToken).ConfigureAwait(false)) return result.Fail("a held client was not served while full");
            // A freed place is taken again (the server notices the close within a bounded wait).
            await LimitsProbe.CloseAsync(held[^1]).ConfigureAwait(false);
            held.RemoveAt(held.Count - 1);
            ClientWebSocket? again = null;
            for (var i = 0; i < 20 && again is null; i++)
            {
                again = await LimitsProbe.OpenChatAsync(relay, cancellationToken).ConfigureAwait(false);
                if (again is null) await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
            if (again is null) return result.Fail("a freed place did not admit a new client within 5 s");
            held.Add(again);
            result.Notes.Add("a held client was served while full; a freed place admitted a new client");
            return result;
        }
        finally
        {
            foreach (var socket in held) await LimitsProbe.CloseAsync(socket).ConfigureAwait(false);
        }
    }
}
