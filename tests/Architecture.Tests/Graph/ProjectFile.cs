using System.Xml.Linq;

namespace AgentPlatform.Architecture.Tests.Graph;

/// <summary>What a project file says it depends on: its SDK and its project, package and framework references.</summary>
public sealed record ProjectFile(
    string Name,
    string Path,
    string Sdk,
    IReadOnlyList<string> ProjectReferences,
    IReadOnlyList<string> PackageReferences,
    IReadOnlyList<string> FrameworkReferences)
{
    public static ProjectFile Load(string path) => Parse(path, File.ReadAllText(path));

    /// <summary>
    /// Reads the items as written, whatever their conditions: a reference behind a condition is still a reference
    /// the build can take. Project references are named by their file name (Protocol for ../Protocol/Protocol.csproj).
    /// </summary>
    public static ProjectFile Parse(string path, string xml)
    {
        var root = XDocument.Parse(xml).Root ?? throw new InvalidDataException(path + " has no root element");
        IReadOnlyList<string> Items(string kind) =>
            [.. root.Descendants(kind).Select(e => (string?)e.Attribute("Include")).OfType<string>().Order(StringComparer.Ordinal)];
        return new ProjectFile(
            System.IO.Path.GetFileNameWithoutExtension(path),
            path,
            (string?)root.Attribute("Sdk") ?? "",
            [.. Items("ProjectReference").Select(p => System.IO.Path.GetFileNameWithoutExtension(p.Replace('\\', '/')))],
            Items("PackageReference"),
            Items("FrameworkReference"));
    }

    /// <summary>The referenced project files, resolved against this file's folder.</summary>
    public IEnumerable<string> ProjectReferencePaths()
    {
        var root = XDocument.Parse(File.ReadAllText(Path)).Root!;
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        return root.Descendants("ProjectReference")
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()
            .Select(p => System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, p.Replace('\\', '/'))));
    }

    /// <summary>True when the project builds against ASP.NET Core, by SDK or by framework reference.</summary>
    public bool UsesAspNetCore => Sdk.StartsWith("Microsoft.NET.Sdk.Web", StringComparison.Ordinal)
        || FrameworkReferences.Contains("Microsoft.AspNetCore.App");
}
