using AgentPlatform.AppHost.Composition;

// The topology: four services, the development keys they share, Redis when asked. Everything else
// (ports, data dir, endpoints.json, restarts, start-up failures) is in AddAgentPlatform.
if (!PlatformSetup.TryCreate(args, out var setup)) return setup.ExitCode;

var builder = DistributedApplication.CreateBuilder([.. setup.AspireArgs]);
var platform = builder.AddAgentPlatform(setup);

var registryKey = platform.AddDevelopmentKey("registry-key", k => k.Registry);
var adminKey = platform.AddDevelopmentKey("admin-key", k => k.Admin);
var socketToken = platform.AddDevelopmentKey("agent-socket-token", k => k.AgentSocket);
var webPubSubKey = platform.AddDevelopmentKey("webpubsub-access-key", k => k.WebPubSubAccessKey);
var redis = platform.AddRedis();

var registry = builder.AddProject<Projects.Registry>("registry")
    .WithServiceEndpoint(platform)
    .WithKeys(("Registry", registryKey), ("Admin", adminKey))
    .WithRedis(redis)
    .WithHttpHealthCheck("/health");

var functions = builder.AddProject<Projects.FunctionsHost>("functions")
    .WithServiceEndpoint(platform)
    .WithKeys(("Registry", registryKey), ("AgentSocket", socketToken))
    .WithRedis(redis)
    .WithReference(registry).WaitFor(registry)
    .WithHttpHealthCheck("/health");

var relay = builder.AddProject<Projects.Relay>("relay")
    .WithServiceEndpoint(platform).WithExternalHttpEndpoints()
    .WithKeys(("Registry", registryKey), ("Admin", adminKey), ("AgentSocket", socketToken))
    .WithRedis(redis)
    .WithReference(registry).WithReference(functions)
    .WaitFor(registry).WaitFor(functions)
    .WithAgenkit(platform)
    .WithHttpHealthCheck("/health");

// The Relay plays the Web PubSub service; Functions calls back into it through the REST data plane, so
// this reference runs both ways and neither side waits for the other.
var webPubSub = platform.AddWebPubSub("webpubsub", relay, webPubSubKey);
relay.WithReference(webPubSub);
functions.WithReference(relay).WithReference(webPubSub);

builder.AddProject<Projects.Dashboard>("dashboard")
    .WithServiceEndpoint(platform).WithExternalHttpEndpoints()
    .WithKeys(("Registry", registryKey), ("Admin", adminKey))
    // The Dashboard asks for a login; its credential is the admin key (endpoints.json dashboard.loginUrl logs in once).
    .WithEnvironment("Dashboard__AccessToken", adminKey)
    .WithReference(registry).WithReference(relay).WithReference(functions)
    .WaitFor(registry).WaitFor(relay)
    .WithHttpHealthCheck("/health");

try
{
    await builder.Build().RunAsync();
}
catch (OperationCanceledException) when (platform.ExitCode != 0)
{
    // The supervisor stopped a start that could not succeed; it has said why.
}
return platform.ExitCode;
