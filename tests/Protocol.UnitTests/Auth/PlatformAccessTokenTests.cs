using System.Text;
using AgentPlatform.Protocol.Auth;
using AgentPlatform.Protocol.WebPubSub.Auth;

namespace AgentPlatform.Protocol.UnitTests.Auth;

public class PlatformAccessTokenTests
{
    private const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ {}\"\0é";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1767225600);

    // HMAC-SHA256 over base64url(header).base64url(payload) keyed with the UTF-8 bytes of the key, computed
    // independently (Python hmac) for these exact bytes; the Forged* tokens below are signed the same way.
    private const string Vector =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsInJvbGUiOlsiYWdlbnQuaW52b2tlLmVjaG8iXSwibmJmIjoxNzY3MjI1NjAwLCJleHAiOjE3NjcyMjkyMDAsImlhdCI6MTc2NzIyNTYwMCwiYXVkIjoiYWdlbnRwbGF0Zm9ybSJ9.Grc6g0fjgSqldkyWe5MQFiXKiwl9aneOOTjnsLChDp4";

    [Fact]
    public void Creates_the_exact_token_of_the_reference_vector()
    {
        Assert.Equal(Vector, PlatformAccessToken.Create(Key, "alice", ["agent.invoke.echo"], Now, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Validates_the_reference_vector_and_reads_who_and_what()
    {
        Assert.True(PlatformAccessToken.TryValidate(Vector, [Key], Now.AddMinutes(59), out var claims, out var error), error);
        Assert.Equal("alice", claims.UserId);
        Assert.Equal(["agent.invoke.echo"], claims.Roles);
        Assert.Equal(Now, claims.IssuedAt);
        Assert.Equal(Now.AddHours(1), claims.Expires);
    }

    public static TheoryData<string, string, int, string> Refusals => new()
    {
        // name, token, seconds after Now, reason fragment
        { "expired", Vector, 3600 + 61, "has expired" },
        { "not yet valid", Vector, -61, "not valid yet" },
        { "wrong key", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhIn0.AAAA", 0, "signature" },
        { "no exp", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImlhdCI6MTc2NzIyNTYwMCwiYXVkIjoiYWdlbnRwbGF0Zm9ybSJ9.sWWWeEl4-OEDqE_-vCetYx5X39vjlTGMfXO76g1u7PU", 0, "no exp" },
        { "no sub", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIyOTIwMCwiYXVkIjoiYWdlbnRwbGF0Zm9ybSJ9.IUx1wFy_ZGGgeWA0Gb3ZygfFMA3cMPH34QbIYATbSo4", 0, "no valid sub" },
        { "numeric sub", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOjUsImlhdCI6MTc2NzIyNTYwMCwiZXhwIjoxNzY3MjI5MjAwLCJhdWQiOiJhZ2VudHBsYXRmb3JtIn0.6SyKguotDEKFDaCxMhggx4B5zcpnvSc5ArhSWK80voc", 0, "sub must be a string" },
        { "numeric role", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhIiwicm9sZSI6WzFdLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIyOTIwMCwiYXVkIjoiYWdlbnRwbGF0Zm9ybSJ9.6VXERbWmjvVK2Je7-xPiUzlDAXQ24AgRC1ijys_uar8", 0, "role a string" },
        { "three days", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhIiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjE3Njc0ODQ4MDAsImF1ZCI6ImFnZW50cGxhdGZvcm0ifQ.nd5scikUAxQ88iQt4w0Jq4fIktEpQ2jBmeDEqVa8vic", 0, "lives longer" },
        { "exp past year 9999", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhIiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjk5OTk5OTk5OTk5OTk5OTk5LCJhdWQiOiJhZ2VudHBsYXRmb3JtIn0.H38YH3FuTYRUSavC2G7LI1lRPsNMuYa6zeaZf8PiMvQ", 0, "lives longer" },
        { "web pubsub audience", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhIiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjE3NjcyMjkyMDAsImF1ZCI6Imh0dHA6Ly9sb2NhbGhvc3QvIn0.bY0pS2egqi9fGTyes3eA3Z1aYNxI5FCxl5nlJYkEVeI", 0, "aud" },
        { "tampered", Vector[..^2] + (Vector[^2] == 'A' ? "BA" : "AA"), 0, "signature" },
        { "the key itself", Key, 0, "not a JWT" },
        { "empty", "", 0, "missing" },
        { "two dots only", "..", 0, "not a JWT" },
        { "not base64", "a*b.c.d", 0, "base64url" },
        { "alg none", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.", 0, "HS256" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refuses_bad_tokens_with_a_clear_reason(string name, string token, int offsetSeconds, string reason)
    {
        Assert.False(PlatformAccessToken.TryValidate(token, [Key], Now.AddSeconds(offsetSeconds), out var claims, out var error), name);
        Assert.Null(claims);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_and_lifetime_bounds_hold_at_their_edges()
    {
        var day = PlatformAccessToken.Create(Key, "u", [], Now, PlatformAccessToken.MaxLifetime);
        Assert.True(PlatformAccessToken.TryValidate(day, [Key], Now, out _, out var error), error);
        Assert.True(PlatformAccessToken.TryValidate(Vector, [Key], Now.AddHours(1).Add(PlatformAccessToken.Skew), out _, out error), error);
        Assert.False(PlatformAccessToken.TryValidate(Vector, [Key], Now.AddHours(1).Add(PlatformAccessToken.Skew).AddSeconds(1), out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlatformAccessToken.Create(Key, "u", [], Now, PlatformAccessToken.MaxLifetime + TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlatformAccessToken.Create(Key, "u", [], Now, TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => PlatformAccessToken.Create(Key, "", [], Now, TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentException>(() => PlatformAccessToken.Create(Key, "a\nb", [], Now, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void A_platform_token_is_not_a_web_pubsub_token_and_the_reverse()
    {
        var hub = "http://127.0.0.1:1/client/hubs/chat";
        Assert.False(WebPubSubAccessToken.TryValidate(Vector, [Key], a => a == hub, Now, TimeSpan.Zero, out _, out _));
        var wps = WebPubSubAccessToken.Create(Key, hub, Now, TimeSpan.FromHours(1), "alice", ["agent.invoke"]);
        Assert.False(PlatformAccessToken.TryValidate(wps, [Key], Now, out _, out var error));
        Assert.Contains("aud", error, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string, bool, bool> RoleTable => new()
    {
        // roles, agent, may invoke, may provide
        { [], "echo", false, false },
        { ["agent.invoke"], "echo", true, false },
        { ["agent.invoke.echo"], "echo", true, false },
        { ["agent.invoke.echo"], "echo2", false, false },
        { ["agent.invoke.ech"], "echo", false, false },
        { ["agent.invoke.echo.x"], "echo", false, false },
        { ["Agent.Invoke"], "echo", false, false },
        { ["agent.provide"], "echo", false, true },
        { ["agent.provide.echo", "agent.invoke.echo"], "echo", true, true },
        { ["agent.provide.other"], "echo", false, false },
        { ["webpubsub.sendToGroup"], "echo", false, false },
    };

    [Theory]
    [MemberData(nameof(RoleTable))]
    public void Roles_grant_exactly_what_they_name(string[] roles, string agent, bool invoke, bool provide)
    {
        Assert.Equal(invoke, PlatformRoles.MayInvoke(roles, agent));
        Assert.Equal(provide, PlatformRoles.MayProvide(roles, [agent]));
        Assert.True(PlatformRoles.MayInvoke(PlatformRoles.All, agent));
        Assert.True(PlatformRoles.MayProvide(PlatformRoles.All, [agent, "b"]));
    }

    [Fact]
    public void Validation_is_total_over_random_and_mutated_tokens()
    {
        // Bounded: 20,000 inputs, each a mutation of a valid token or random text; never an exception, never a
        // success for anything but the untouched token (a changed byte anywhere breaks the signature or the format).
        var random = new Random(17);
        var valid = PlatformAccessToken.Create(Key, "fuzz", ["agent.invoke", "agent.provide.x"], Now, TimeSpan.FromHours(2));
        for (var i = 0; i < 20_000; i++)
        {
            string token;
            if (i % 4 == 0)
            {
                var sb = new StringBuilder();
                for (var n = random.Next(0, 120); n > 0; n--) sb.Append(Alphabet[random.Next(Alphabet.Length)]);
                token = sb.ToString();
            }
            else
            {
                var chars = valid.ToCharArray();
                for (var n = random.Next(1, 4); n > 0; n--) chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
                token = new string(chars);
            }
            var ok = PlatformAccessToken.TryValidate(token, [Key], Now, out var claims, out var error);
            if (ok) Assert.Equal("fuzz", claims!.UserId);
            else Assert.False(string.IsNullOrEmpty(error));
        }
        // Signed garbage: valid signatures over random payloads exercise the claim checks, not only the signature.
        for (var i = 0; i < 5_000; i++)
        {
            var payload = RandomJson(random, 0);
            var signingInput = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
            var token = signingInput + "." + System.Buffers.Text.Base64Url.EncodeToString(WebPubSubAccessToken.Sign(Key, signingInput));
            var ok = PlatformAccessToken.TryValidate(token, [Key], Now, out var claims, out var error);
            Assert.True(ok ? claims is not null : error.Length > 0, payload);
        }
    }

    private static string RandomJson(Random random, int depth)
    {
        string[] names = ["sub", "role", "exp", "iat", "nbf", "aud", "x"];
        return random.Next(depth == 0 ? 1 : 6) switch
        {
            0 => "{" + string.Join(",", Enumerable.Range(0, random.Next(0, 6)).Select(_ => $"\"{names[random.Next(names.Length)]}\":{RandomJson(random, depth + 1)}")) + "}",
            1 => random.Next(3) switch { 0 => "1767229200", 1 => "-99999999999999999", _ => long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            2 => "\"agentplatform\"",
            3 => depth > 3 ? "null" : "[" + RandomJson(random, depth + 1) + "]",
            4 => "1.5e300",
            _ => "true",
        };
    }
}
