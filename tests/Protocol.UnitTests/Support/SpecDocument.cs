namespace AgentPlatform.Protocol.UnitTests.Support;

/// <summary>docs/protocol/asp-v1.md, embedded in this assembly at build time (see the project file).</summary>
public static class SpecDocument
{
    private static readonly Lazy<string> LazyText = new(Read);

    public static string Text => LazyText.Value;

    private static string Read()
    {
        using var stream = typeof(SpecDocument).Assembly.GetManifestResourceStream("asp-v1.md")
            ?? throw new InvalidOperationException("asp-v1.md is not embedded in " + typeof(SpecDocument).Assembly.GetName().Name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
