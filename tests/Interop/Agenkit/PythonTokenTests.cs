using AgentPlatform.Protocol.Auth;

namespace AgentPlatform.Interop.Agenkit;

/// <summary>
/// The Python client carrying a platform access token in the envelope's metadata (docs/protocol/agenkit.md section 8)
/// to the Relay's TCP listener: served with a role for the agent, FORBIDDEN without, UNAUTHORIZED when forged.
/// </summary>
public sealed class PythonTokenTests(AgenkitInteropHosts hosts) : IClassFixture<AgenkitInteropHosts>
{
    private static string Token(string key, string role) =>
        PlatformAccessToken.Create(key, "py-user", [role], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));

    [Fact]
    public async Task A_token_with_the_invoke_role_is_served_for_process_and_stream()
    {
        var lines = await PythonAgenkit.RunAsync("authed", hosts.RelayTcp, "echo", "\"with a token\"", Token(AgenkitInteropHosts.SocketKey, "agent.invoke.echo"));
        Assert.Equal(2, lines.Count);
        Assert.Equal("with a token", lines[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(1, lines[1].GetProperty("chunks").GetInt32());
    }

    [Fact]
    public async Task A_token_for_another_agent_is_FORBIDDEN_and_a_forged_one_UNAUTHORIZED()
    {
        var forbidden = await PythonAgenkit.RunAsync("authed", hosts.RelayTcp, "echo", "\"x\"", Token(AgenkitInteropHosts.SocketKey, "agent.invoke.other"));
        var error = Assert.Single(forbidden).GetProperty("error");
        Assert.Equal("FORBIDDEN", error.GetProperty("error_code").GetString());

        var forged = await PythonAgenkit.RunAsync("authed", hosts.RelayTcp, "echo", "\"x\"", Token("not-the-key", "agent.invoke"));
        error = Assert.Single(forged).GetProperty("error");
        Assert.Equal("UNAUTHORIZED", error.GetProperty("error_code").GetString());
        Assert.Equal("invalid_token", error.GetProperty("error_details").GetProperty("reason").GetString());
    }
}
