using AgentPlatform.AppHost.Configuration;
using AgentPlatform.AppHost.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.AppHost.Composition;

/// <summary>
/// The platform's conventions on top of Aspire's builder: the development keys as secret parameters, the
/// optional Redis, the Relay's Web PubSub connection string, and the exit code the supervisor sets.
/// </summary>
public sealed class AgentPlatform
{
    private readonly IDistributedApplicationBuilder _builder;

    internal AgentPlatform(IDistributedApplicationBuilder builder, PlatformSetup setup, PlatformState state)
    {
        _builder = builder;
        Setup = setup;
        State = state;
    }

    public PlatformSetup Setup { get; }

    public AppHostOptions Options => Setup.Options;

    internal PlatformState State { get; }

    /// <summary>0 after Ctrl+C; 1 when a service could not start or kept crashing.</summary>
    public int ExitCode => State.ExitCode;

    /// <summary>
    /// A development key as a secret parameter: its value comes from the data dir's keys.json (generated once),
    /// so Aspire masks it in the dashboard and the manifest asks azd for it instead of carrying it.
    /// </summary>
    public IResourceBuilder<ParameterResource> AddDevelopmentKey(string name, Func<DevelopmentKeys, string> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _builder.Configuration[$"Parameters:{name}"] = value(Setup.Keys);
        return _builder.AddParameter(name, secret: true);
    }

    /// <summary>
    /// Redis when asked: <c>--redis CONN</c> is a connection-string resource, <c>--redis local</c> runs Debian's
    /// redis-server as an executable resource (run mode only: azd does not take executables).
    /// </summary>
    public IResourceBuilder<IResourceWithConnectionString>? AddRedis()
    {
        if (Options.Redis is not { } redis) return null;
        if (redis == AppHostOptions.LocalRedis && _builder.ExecutionContext.IsRunMode)
        {
            var port = Setup.Ports.Next();
            var address = $"127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
            // Executables get no health check from Aspire: a TCP connect tells when redis-server accepts.
            _builder.Services.AddHealthChecks().AddCheck("redis-server", new TcpHealthCheck("127.0.0.1", port));
            _builder.AddExecutable("redis-server", "redis-server", Options.DataDir,
                    "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                .WithHealthCheck("redis-server");
            State.Redis = address;
            _builder.Configuration["ConnectionStrings:redis"] = address;
            return _builder.AddConnectionString("redis");
        }
        _builder.Configuration["ConnectionStrings:redis"] = redis;
        State.Redis = redis;
        return _builder.AddConnectionString("redis");
    }

    /// <summary>The Relay's Web PubSub face as a connection string, the form Azure's SDKs and Functions bindings take.</summary>
    public IResourceBuilder<IResourceWithConnectionString> AddWebPubSub(string name, IResourceBuilder<ProjectResource> edge,
        IResourceBuilder<ParameterResource> accessKey)
    {
        ArgumentNullException.ThrowIfNull(edge);
        ArgumentNullException.ThrowIfNull(accessKey);
        var endpoint = edge.GetEndpoint("http");
        State.WebPubSubConnectionString = $"Endpoint={State.ServiceUrl(edge.Resource.Name).ToString().TrimEnd('/')};AccessKey={Setup.Keys.WebPubSubAccessKey};Version=1.0;";
        return _builder.AddConnectionString(name, ReferenceExpression.Create($"Endpoint={endpoint};AccessKey={accessKey.Resource};Version=1.0;"));
    }
}
