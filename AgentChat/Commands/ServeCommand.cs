using System.CommandLine;
using System.Text.Json.Nodes;
using AgentPlatform.AgentChat.Output;
using AgentPlatform.AgentChat.Serving;

namespace AgentPlatform.AgentChat.Commands;

/// <summary><c>agentchat serve</c>: the AgentChat server (the Relay's engine) on Kestrel, default port 6667.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port", "-p") { Description = "port to listen on", DefaultValueFactory = _ => 6667 };
        var host = new Option<string>("--host", "-H") { Description = "address to bind", DefaultValueFactory = _ => "0.0.0.0" };
        var name = new Option<string>("--name", "-n") { Description = "server name (WELCOME's server)", DefaultValueFactory = _ => "agentchat" };
        var logMessages = new Option<bool>("--log-messages") { Description = "log message contents too (research; off by default)" };
        var cert = new Option<string?>("--cert") { Description = "TLS certificate (PEM): serve wss://" };
        var key = new Option<string?>("--key") { Description = "TLS private key (PEM) of --cert" };
        var buffer = new Option<int>("--buffer-size") { Description = "channel messages replayed to a joiner", DefaultValueFactory = _ => 20 };
        var policy = new Option<string?>("--identity-policy") { Description = "seed (a claimed key is trusted, as 0.7.0) or challenge (the key must be proven); default: seed in Development, challenge otherwise" };
        policy.AcceptOnlyFromAmong("seed", "challenge");
        var burst = new Option<int?>("--rate-burst") { Description = "token bucket size per connection (default 10)" };
        var rate = new Option<double?>("--rate-per-second") { Description = "sustained messages per second (default 1)" };
        var environment = new Option<string?>("--environment") { Description = "host environment (Development, Production…)" };
        var logLevel = new Option<Microsoft.Extensions.Logging.LogLevel>("--log-level") { Description = "lowest level logged (stderr, JSON)", DefaultValueFactory = _ => Microsoft.Extensions.Logging.LogLevel.Information };
        var json = new Option<bool>("--json") { Description = "print the listening line as JSON" };
        var command = new Command("serve", "Run an AgentChat server") { port, host, name, logMessages, cert, key, buffer, policy, burst, rate, environment, logLevel, json };
        command.SetAction(async (parse, ct) =>
        {
            var output = new CliOutput(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(json));
            if (parse.GetValue(cert) is not null != parse.GetValue(key) is not null) return await output.FailAsync("USAGE", "--cert and --key go together", 2);
            var settings = new ServeSettings
            {
                Port = parse.GetValue(port),
                Host = parse.GetValue(host)!,
                Name = parse.GetValue(name)!,
                LogMessages = parse.GetValue(logMessages),
                CertFile = parse.GetValue(cert),
                KeyFile = parse.GetValue(key),
                BufferSize = parse.GetValue(buffer),
                IdentityPolicy = parse.GetValue(policy),
                RateBurst = parse.GetValue(burst),
                RatePerSecond = parse.GetValue(rate),
                Environment = parse.GetValue(environment),
                LogLevel = parse.GetValue(logLevel),
            };
            await using var app = ServeHost.Build(settings);
            await app.StartAsync(ct);
            var url = ServeHost.Url(settings);
            await output.ResultAsync(new JsonObject { ["listening"] = url, ["name"] = settings.Name, ["environment"] = app.Environment.EnvironmentName },
                $"{CliOutput.Green("agentchat")} serving {CliOutput.Bold(settings.Name)} on {url} ({app.Environment.EnvironmentName})");
            await output.Out.FlushAsync(ct);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // SIGINT / SIGTERM: stop below, closing every connection with 1001.
            }
            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
