using AgentPlatform.Architecture.Tests.Support;

namespace AgentPlatform.Architecture.Tests.Graph;

/// <summary>Every product project file against ReferenceTable.</summary>
public sealed class ProjectReferenceTests
{
    public static TheoryData<string> Products() => [.. Repository.ProductProjectFiles().Select(Path.GetFileNameWithoutExtension).OfType<string>()];

    private static ProjectFile Load(string project) => ProjectFile.Load(Path.Combine(Repository.Root, project, project + ".csproj"));

    [Fact]
    public void Every_product_project_has_a_row_and_every_row_a_project()
    {
        var projects = Products().Select(row => row.Data).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Protocol", projects);
        var withoutRow = projects.Where(p => ReferenceTable.For(p) is null).ToList();
        var withoutProject = ReferenceTable.Rows.Where(r => !r.OnlyWhenPresent && !projects.Contains(r.Project)).Select(r => r.Project).ToList();
        Assert.True(withoutRow.Count == 0 && withoutProject.Count == 0,
            $"projects without a row in ReferenceTable: [{string.Join(", ", withoutRow)}]; rows without a project: [{string.Join(", ", withoutProject)}]");
    }

    [Theory]
    [MemberData(nameof(Products))]
    public void Project_references_are_the_ones_the_table_allows(string project)
    {
        var rule = ReferenceTable.For(project);
        Assert.SkipWhen(rule is null, "no row (reported by Every_product_project_has_a_row_and_every_row_a_project)");
        var actual = Load(project).ProjectReferences;
        var missing = rule.References.Except(actual, StringComparer.Ordinal).ToList();
        var extra = actual.Except(rule.Allowed, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{project}: references [{string.Join(", ", actual)}]; the table wants [{string.Join(", ", rule.References)}]" +
            (rule.MayAlsoReference is { Length: > 0 } also ? $" and allows [{string.Join(", ", also)}]" : "") +
            $"; missing [{string.Join(", ", missing)}], not allowed [{string.Join(", ", extra)}]");
    }

    [Theory]
    [MemberData(nameof(Products))]
    public void Packages_and_frameworks_are_the_ones_the_table_allows(string project)
    {
        var rule = ReferenceTable.For(project);
        Assert.SkipWhen(rule is null, "no row");
        var file = Load(project);
        if (rule.Packages is { } allowed)
        {
            var extra = file.PackageReferences.Except(allowed, StringComparer.OrdinalIgnoreCase).ToList();
            Assert.True(extra.Count == 0, $"{project} may name only the packages [{string.Join(", ", allowed)}], and names [{string.Join(", ", extra)}]");
        }
        if (!rule.AspNetCore)
        {
            Assert.False(file.UsesAspNetCore, $"{project} must build without ASP.NET Core (SDK {file.Sdk}, frameworks [{string.Join(", ", file.FrameworkReferences)}])");
        }
    }

    [Theory]
    [MemberData(nameof(Products))]
    public void No_product_project_references_a_test_project_or_a_test_package(string project)
    {
        var file = Load(project);
        var tests = Path.Combine(Repository.Root, "tests") + Path.DirectorySeparatorChar;
        var testProjects = file.ProjectReferencePaths().Where(p => p.StartsWith(tests, StringComparison.Ordinal)).Select(Repository.Relative).ToList();
        var testPackages = file.PackageReferences.Where(TestDependencies.Packages.Contains).ToList();
        Assert.True(testProjects.Count == 0 && testPackages.Count == 0,
            $"{project} references test projects [{string.Join(", ", testProjects)}] and test packages [{string.Join(", ", testPackages)}]");
    }
}
