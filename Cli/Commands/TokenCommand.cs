using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentPlatform.Client.Auth;

namespace AgentPlatform.Cli.Commands;

/// <summary>
/// <c>agentplatform token --user alice --role agent.invoke --ttl 1h</c>: prints a platform access token. Minted
/// locally from the access key AppHost publishes in endpoints.json (<c>agentSocket.token</c>; <c>--data-dir</c> or
/// <c>--endpoints</c> say where), or, with <c>--relay URL --key K</c>, asked of the Relay's <c>POST /v1/tokens</c>.
/// Exit codes: 0 printed, 64 bad arguments, 1 the key or the Relay refused.
/// </summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var user = new Option<string>("--user") { Description = "user id (the token's sub)", Required = true };
        var roles = new Option<string[]>("--role") { Description = "a role (repeatable): agent.invoke, agent.invoke.<agent>, agent.provide, webpubsub.*", AllowMultipleArgumentsPerToken = false };
        var ttl = new Option<string>("--ttl") { Description = "lifetime: 30s, 15m, 1h (at most 24h)", DefaultValueFactory = _ => "1h" };
        var dataDir = new Option<string?>("--data-dir") { Description = "AppHost's data dir (its endpoints.json holds the key)" };
        var endpoints = new Option<string>("--endpoints") { Description = "path of AppHost's endpoints.json", DefaultValueFactory = _ => EndpointsFile.ResolveDefaultPath() };
        var relay = new Option<string?>("--relay") { Description = "Relay base URL: ask its POST /v1/tokens instead of minting locally" };
        var key = new Option<string?>("--key") { Description = "the access key (default: from endpoints.json)" };
        var command = new Command("token", "Mint a short-lived access token for a user") { user, roles, ttl, dataDir, endpoints, relay, key };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!TryParseLifetime(parse.GetValue(ttl), out var lifetime))
            {
                await error.WriteLineAsync("--ttl must be a number with s, m or h, more than 0 and at most 24h (e.g. 15m, 1h)");
                return 64;
            }
            var userId = parse.GetValue(user)!;
            if (!Protocol.Auth.PlatformAccessToken.IsValidUserId(userId))
            {
                await error.WriteLineAsync("--user must be 1-256 characters without control characters");
                return 64;
            }
            var roleList = parse.GetValue(roles) ?? [];
            if (roleList.Any(string.IsNullOrWhiteSpace))
            {
                await error.WriteLineAsync("--role must not be empty");
                return 64;
            }
            var path = parse.GetValue(dataDir) is { Length: > 0 } dir ? Path.Combine(dir, "endpoints.json") : parse.GetValue(endpoints)!;
            var accessKey = parse.GetValue(key) ?? EndpointsFile.ReadAgentSocket(path)?.Token;
            if (string.IsNullOrEmpty(accessKey))
            {
                await error.WriteLineAsync("no --key given and no agentSocket.token in " + path);
                return 64;
            }
            if (parse.GetValue(relay) is not { } relayUrl)
            {
                await output.WriteLineAsync(AccessTokens.Create(accessKey, userId, roleList, lifetime));
                return 0;
            }
            if (!Uri.TryCreate(relayUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            {
                await error.WriteLineAsync("--relay must be an http(s) URL");
                return 64;
            }
            return await RequestAsync(baseUrl, accessKey, userId, roleList, lifetime, output, error, ct);
        });
        return command;
    }

    /// <summary>Parses <c>30s</c>, <c>15m</c>, <c>1h</c> (or a bare number of minutes); at most 24 h.</summary>
    public static bool TryParseLifetime(string? text, out TimeSpan lifetime)
    {
        lifetime = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        var unit = char.IsDigit(text[^1]) ? 'm' : char.ToLowerInvariant(text[^1]);
        var number = char.IsDigit(text[^1]) ? text : text[..^1];
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0) return false;
        lifetime = unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(Math.Min(n, 1000)),
            _ => TimeSpan.Zero,
        };
        return lifetime > TimeSpan.Zero && lifetime <= AccessTokens.MaxLifetime;
    }

    private static async Task<int> RequestAsync(Uri relay, string key, string userId, string[] roles, TimeSpan lifetime,
        TextWriter output, TextWriter error, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(relay, "/v1/tokens"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("userId", userId);
            json.WriteStartArray("roles");
            foreach (var role in roles) json.WriteStringValue(role);
            json.WriteEndArray();
            // The endpoint counts whole minutes; a shorter --ttl still gets the shortest it grants.
            json.WriteNumber("expiresInMinutes", Math.Max(1, (int)Math.Ceiling(lifetime.TotalMinutes)));
            json.WriteEndObject();
        }
        request.Content = new StringContent(Encoding.UTF8.GetString(body.ToArray()), Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                await error.WriteLineAsync($"the Relay answered {(int)response.StatusCode}: {Detail(text)}");
                return 1;
            }
            using var doc = JsonDocument.Parse(text);
            await output.WriteLineAsync(doc.RootElement.GetProperty("token").GetString());
            return 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException)
        {
            await error.WriteLineAsync("the token request failed: " + ex.Message);
            return 1;
        }
    }

    private static string Detail(string problem)
    {
        try
        {
            using var doc = JsonDocument.Parse(problem);
            return doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : problem;
        }
        catch (JsonException)
        {
            return problem.Length > 200 ? problem[..200] : problem;
        }
    }
}
