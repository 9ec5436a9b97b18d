namespace AgentPlatform.Architecture.Tests.Graph;

/// <summary>One row of the reference table: what one product assembly may depend on.</summary>
/// <param name="Project">The project (and assembly AgentPlatform.&lt;Project&gt;).</param>
/// <param name="References">The AgentPlatform projects it references, all of them and no others.</param>
/// <param name="MayAlsoReference">Projects it may reference besides (a seam being cut: allowed, not required).</param>
/// <param name="Packages">When set, the only NuGet packages it may name (empty: none).</param>
/// <param name="AspNetCore">When false, neither the Web SDK nor the Microsoft.AspNetCore.App framework reference.</param>
/// <param name="OnlyWhenPresent">The project may not exist yet; its row is checked once it does.</param>
public sealed record ReferenceRule(
    string Project,
    string[] References,
    string[]? MayAlsoReference = null,
    string[]? Packages = null,
    bool AspNetCore = true,
    bool OnlyWhenPresent = false)
{
    public IEnumerable<string> Allowed => References.Concat(MayAlsoReference ?? []);

    public override string ToString() => Project;
}
