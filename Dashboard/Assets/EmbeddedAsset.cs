namespace AgentPlatform.Dashboard.Assets;

/// <summary>One UI file held in memory with its validator.</summary>
public sealed record EmbeddedAsset(string Path, ReadOnlyMemory<byte> Content, string ContentType, string ETag);
