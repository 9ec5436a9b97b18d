using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.Auth;
using AgentPlatform.Registry.Diagnostics;
using AgentPlatform.Registry.Options;
using AgentPlatform.Registry.Stores;
using AgentPlatform.Registry.Watch;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Registry.Api;

/// <summary>The <c>/v1</c> routes of docs/protocol/registry.md.</summary>
public static class AgentEndpoints
{
    public static IEndpointRouteBuilder MapAgentEndpoints(this IEndpointRouteBuilder app)
    {
        var writes = app.MapGroup("/v1/agents/{name}/instances/{instanceId}").AddEndpointFilter<WriteKeyFilter>();
        writes.MapPut("", RegisterAsync);
        writes.MapPost("/heartbeat", HeartbeatAsync);
        writes.MapDelete("", DeregisterAsync);

        app.MapGet("/v1/agents", ListAsync);
        app.MapGet("/v1/agents/{name}", GetAsync);
        app.MapGet("/v1/agents/{name}/pick", PickAsync);
        app.MapGet("/v1/watch", WatchEndpoint.HandleAsync);
        return app;
    }

    private static async Task<IResult> RegisterAsync(string name, string instanceId, HttpContext context, IRegistryStore store,
        IOptions<RegistryOptions> options, TimeProvider time, RegistryTelemetry telemetry, ILogger<RegistryStoreMarker> logger)
    {
        if (ValidateKey(name, instanceId) is { } bad) return bad;
        var body = await BodyReader.ReadAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body.Error is not null) return body.Error;
        var errors = RegistrationValidator.Validate(body.Registration, out var normalized);
        if (errors.Count > 0) return Problems.Validation(errors);
        using var activity = RegistryTelemetry.Source.StartActivity("registry.register");
        var result = await store.RegisterAsync(name, instanceId, normalized, time.GetUtcNow()).ConfigureAwait(false);
        telemetry.Registrations.Add(1);
        Log.Registered(logger, name, instanceId, result.Created);
        return result.Created
            ? TypedResults.Created($"/v1/agents/{name}/instances/{instanceId}", result.Instance)
            : TypedResults.Ok(result.Instance);
    }

    private static async Task<IResult> HeartbeatAsync(string name, string instanceId, IRegistryStore store, TimeProvider time, RegistryTelemetry telemetry)
    {
        if (ValidateKey(name, instanceId) is { } bad) return bad;
        telemetry.Heartbeats.Add(1);
        return await store.HeartbeatAsync(name, instanceId, time.GetUtcNow()).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : Problems.NotFound("Unknown instance: register again with PUT.");
    }

    private static async Task<IResult> DeregisterAsync(string name, string instanceId, IRegistryStore store, ILogger<RegistryStoreMarker> logger)
    {
        if (ValidateKey(name, instanceId) is { } bad) return bad;
        if (!await store.DeregisterAsync(name, instanceId).ConfigureAwait(false)) return Problems.NotFound("Unknown instance.");
        Log.Deregistered(logger, name, instanceId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ListAsync(IRegistryStore store, string? protocol, string? capability, string? mode, string? status)
    {
        var errors = AgentQuery.ValidateFilters(protocol, capability, mode, status);
        if (errors.Count > 0) return Problems.Validation(errors);
        var snapshot = await store.SnapshotAsync().ConfigureAwait(false);
        return TypedResults.Ok(new AgentList { Agents = AgentQuery.Group(AgentQuery.Filter(snapshot.Instances, protocol, capability, mode, status)) });
    }

    private static async Task<IResult> GetAsync(string name, IRegistryStore store)
    {
        if (!RegistrationValidator.IsValidName(name)) return InvalidName();
        var instances = await store.GetAsync(name).ConfigureAwait(false);
        if (instances.Count == 0) return Problems.NotFound($"No agent named '{name}'.");
        return TypedResults.Ok(AgentQuery.Group(instances)[0]);
    }

    private static async Task<IResult> PickAsync(string name, IRegistryStore store, AgentPickers pickers)
    {
        if (!RegistrationValidator.IsValidName(name)) return InvalidName();
        var instances = await store.GetAsync(name).ConfigureAwait(false);
        if (instances.Count == 0) return Problems.NotFound($"No agent named '{name}'.");
        var picked = pickers.Pick(name, instances);
        return picked is null
            ? TypedResults.Problem($"No healthy instance of '{name}'.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "No healthy instance")
            : TypedResults.Ok(picked);
    }

    private static IResult? ValidateKey(string name, string instanceId)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!RegistrationValidator.IsValidName(name)) errors["name"] = ["must match [a-z0-9][a-z0-9._-]{0,62} without '..' or a trailing '.'"];
        if (!RegistrationValidator.IsValidInstanceId(instanceId)) errors["instanceId"] = ["must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}"];
        return errors.Count > 0 ? Problems.Validation(errors) : null;
    }

    private static IResult InvalidName() =>
        Problems.Validation(new Dictionary<string, string[]> { ["name"] = ["must match [a-z0-9][a-z0-9._-]{0,62} without '..' or a trailing '.'"] });
}
