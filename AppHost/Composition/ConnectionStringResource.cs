namespace AgentPlatform.AppHost.Composition;

/// <summary>A named connection string (Web PubSub, Redis); a reference to it becomes <c>ConnectionStrings__{name}</c>.</summary>
public sealed record ConnectionStringResource(string Name, string ConnectionString)
{
    /// <summary>For tables and logs: the secret parts (AccessKey, password) replaced by stars.</summary>
    public string Masked => ConnectionStringMask.Mask(ConnectionString);
}
