namespace AgentPlatform.Protocol.Registry;

/// <summary>Values of the <c>mode</c> field.</summary>
public static class AgentModes
{
    /// <summary>Clients reach the instance's endpoint themselves (long-lived runtime).</summary>
    public const string Direct = "direct";

    /// <summary>The Relay calls <c>POST {endpoint}/invoke/{name}</c> (relay-functions.md).</summary>
    public const string Relay = "relay";
}
