using System.Globalization;
using System.Text;
using AgentPlatform.Protocol.Aid;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.Api;
using AgentPlatform.Registry.Options;
using AgentPlatform.Registry.Stores;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Registry.Aid;

/// <summary>AID routes: one agent's TXT value, the zone fragment, and the <c>/.well-known/agent</c> fallback.</summary>
public static class AidEndpoints
{
    public static IEndpointRouteBuilder MapAidEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/agents/{name}/aid", RecordAsync);
        app.MapGet("/v1/aid/zone", ZoneAsync);
        app.MapGet("/.well-known/agent", WellKnownAsync);
        return app;
    }

    private static async Task<IResult> RecordAsync(string name, IRegistryStore store, AidPublisher publisher)
    {
        if (!RegistrationValidator.IsValidName(name)) return Problems.NotFound($"No agent named '{name}'.");
        var instances = await store.GetAsync(name).ConfigureAwait(false);
        if (instances.Count == 0) return Problems.NotFound($"No agent named '{name}'.");
        if (!publisher.TryBuild(name, instances, out var txt, out var why))
        {
            return why == "not public"
                ? Problems.NotFound($"'{name}' is not public.")
                : TypedResults.Problem(why, statusCode: StatusCodes.Status409Conflict, title: "No publishable AID record");
        }
        return TypedResults.Text(txt!, "text/plain", Encoding.UTF8);
    }

    private static async Task<IResult> ZoneAsync(IRegistryStore store, AidPublisher publisher, IOptions<RegistryOptions> options)
    {
        var snapshot = await store.SnapshotAsync().ConfigureAwait(false);
        var sb = new StringBuilder("; AID records of the AgentPlatform registry (docs/protocol/aid.md)\n");
        var ttl = options.Value.Aid.Ttl.ToString(CultureInfo.InvariantCulture);
        foreach (var agent in AgentQuery.Group(snapshot.Instances))
        {
            if (!publisher.TryBuild(agent.Name, agent.Instances, out var txt, out _)) continue;
            sb.Append(publisher.OwnerName(agent.Name)).Append(' ').Append(ttl).Append(" IN TXT ")
                .Append(AidRecordFormatter.ZoneFileStrings(txt!)).Append('\n');
        }
        return TypedResults.Text(sb.ToString(), "text/plain", Encoding.UTF8);
    }

    private static async Task<IResult> WellKnownAsync(HttpContext context, IRegistryStore store, AidPublisher publisher, IOptions<RegistryOptions> options)
    {
        var aid = options.Value.Aid;
        var host = context.Request.Host.Host.TrimEnd('.').ToLowerInvariant();
        string? name = null;
        if (!string.IsNullOrEmpty(aid.Zone) && host.EndsWith("." + aid.Zone.TrimEnd('.').ToLowerInvariant(), StringComparison.Ordinal))
        {
            name = host[..^(aid.Zone.TrimEnd('.').Length + 1)];
        }
        name ??= aid.WellKnownAgent;
        if (name is null || !RegistrationValidator.IsValidName(name)) return Problems.NotFound("No agent is bound to this host.");
        var instances = await store.GetAsync(name).ConfigureAwait(false);
        if (instances.Count == 0 || !publisher.TryBuild(name, instances, out var txt, out _)) return Problems.NotFound("No agent is bound to this host.");
        if (!AidRecordParser.TryParse(txt, out var record, out _)) return Problems.NotFound("No agent is bound to this host.");
        var json = new Dictionary<string, string> { ["v"] = record!.Version, ["uri"] = record.Uri, ["proto"] = record.Proto };
        if (record.Auth is not null) json["auth"] = record.Auth;
        if (record.Desc is not null) json["desc"] = record.Desc;
        return TypedResults.Json(json, contentType: "application/json");
    }
}
