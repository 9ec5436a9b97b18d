using AgentPlatform.Protocol.WebPubSub.Auth;

namespace AgentPlatform.WebPubSub.UnitTests.Protocol;

public class TokenTests
{
    private const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    private const string Audience = "http://localhost:8080/client/hubs/chat";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1767225600);

    // HMAC-SHA256 over base64url(header).base64url(payload), keyed with the UTF-8 bytes of the key, computed
    // independently (Python hmac) for these exact bytes.
    private const string Vector =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1MSIsInJvbGUiOlsid2VicHVic3ViLmpvaW5MZWF2ZUdyb3VwIl0sIndlYnB1YnN1Yi5ncm91cCI6WyJnMSJdLCJuYmYiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIyOTIwMCwiaWF0IjoxNzY3MjI1NjAwLCJhdWQiOiJodHRwOi8vbG9jYWxob3N0OjgwODAvY2xpZW50L2h1YnMvY2hhdCJ9.uTYtwjPHv1MzzZNTn1G-OPDb4b1qpITyFjbFH7sr7oM";

    [Fact]
    public void Creates_the_exact_token_of_the_reference_vector()
    {
        var token = WebPubSubAccessToken.Create(Key, Audience, Now, TimeSpan.FromHours(1), "u1", ["webpubsub.joinLeaveGroup"], ["g1"]);
        Assert.Equal(Vector, token);
    }

    [Fact]
    public void Validates_the_reference_vector_and_reads_its_claims()
    {
        Assert.True(WebPubSubAccessToken.TryValidate(Vector, [Key], a => a == Audience, Now, WebPubSubAccessToken.DefaultSkew, out var claims, out var error), error);
        Assert.Equal("u1", claims.UserId);
        Assert.Equal(["webpubsub.joinLeaveGroup"], claims.Roles);
        Assert.Equal(["g1"], claims.Groups);
        Assert.Equal(["u1"], claims.All["sub"]);
    }

    [Fact]
    public void Accepts_the_secondary_key()
    {
        var token = WebPubSubAccessToken.Create("secondary", Audience, Now, TimeSpan.FromMinutes(5));
        Assert.True(WebPubSubAccessToken.TryValidate(token, [Key, "secondary"], _ => true, Now, TimeSpan.Zero, out _, out _));
    }

    public static TheoryData<string, int, string> Refusals => new()
    {
        { "expired", 3600 + 301, "expired" },
        { "not yet valid", -301, "not valid yet" },
        { "wrong audience", 0, "audience" },
        { "wrong key", 0, "signature" },
        { "tampered", 0, "signature" },
        { "garbage", 0, "not a JWT" },
        { "not base64", 0, "base64url" },
        { "none alg", 0, "HS256" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refuses_bad_tokens_with_a_reason(string kind, int offsetSeconds, string reason)
    {
        var token = kind switch
        {
            "wrong key" => WebPubSubAccessToken.Create("other", Audience, Now, TimeSpan.FromHours(1)),
            "tampered" => Vector[..^2] + (Vector[^2] == 'A' ? "BA" : "AA"),
            "garbage" => "abc",
            "not base64" => "a.b*c.d",
            "none alg" => "eyJhbGciOiJub25lIn0." + Vector.Split('.')[1] + ".",
            _ => Vector,
        };
        var audience = kind == "wrong audience" ? "http://localhost:8080/client/hubs/other" : Audience;
        var ok = WebPubSubAccessToken.TryValidate(token, [Key], a => string.Equals(a, audience, StringComparison.OrdinalIgnoreCase),
            Now.AddSeconds(offsetSeconds), WebPubSubAccessToken.DefaultSkew, out var claims, out var error);
        Assert.False(ok);
        Assert.Null(claims);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Skew_of_five_minutes_is_allowed_both_ways()
    {
        Assert.True(WebPubSubAccessToken.TryValidate(Vector, [Key], _ => true, Now.AddSeconds(3600 + 299), WebPubSubAccessToken.DefaultSkew, out _, out _));
        Assert.True(WebPubSubAccessToken.TryValidate(Vector, [Key], _ => true, Now.AddSeconds(-299), WebPubSubAccessToken.DefaultSkew, out _, out _));
    }
}
