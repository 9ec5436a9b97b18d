using AgentPlatform.AppHost.Composition;

var builder = PlatformBuilder.Create(args);

var registry = builder.AddProject("registry", ServiceProjects.Registry)
    .WithKeys(DevelopmentKey.Registry, DevelopmentKey.Admin);

var functions = builder.AddProject("functions", ServiceProjects.Functions)
    .WithKeys(DevelopmentKey.Registry, DevelopmentKey.AgentSocket)
    .WithReference(registry).WaitFor(registry);

var relay = builder.AddProject("relay", ServiceProjects.Relay)
    .WithKeys(DevelopmentKey.Registry, DevelopmentKey.Admin, DevelopmentKey.AgentSocket)
    .WithReference(registry).WithReference(functions)
    .WaitFor(registry).WaitFor(functions);

// The Relay plays the Web PubSub service; Functions calls back into it through the REST data plane.
// That makes a cycle with Functions, hence a reference without WaitFor (ports are fixed up front).
var webPubSub = builder.AddWebPubSub("webpubsub", relay);
relay.WithReference(webPubSub);
functions.WithReference(relay).WithReference(webPubSub);

builder.AddProject("dashboard", ServiceProjects.Dashboard)
    .WithKeys(DevelopmentKey.Registry, DevelopmentKey.Admin)
    .WithReference(registry).WithReference(relay).WithReference(functions)
    .WaitFor(registry).WaitFor(relay);

return await builder.Build().RunAsync();
