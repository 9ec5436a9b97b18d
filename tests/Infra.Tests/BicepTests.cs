namespace AgentPlatform.Infra.Tests;

/// <summary>infra/ compiles and lints clean with the real Bicep CLI: not one error and not one warning.</summary>
public sealed class BicepTests(CompiledMain main) : IClassFixture<CompiledMain>
{
    [Fact]
    public void Main_bicep_builds_with_no_diagnostics()
    {
        Assert.True(main.Build.ExitCode == 0, main.Build.ToString());
        Assert.True(main.Build.StandardError.Trim().Length == 0, main.Build.StandardError);
        Assert.StartsWith("{", main.Build.StandardOutput.TrimStart(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BicepFiles.All), MemberType = typeof(BicepFiles))]
    public async Task Every_bicep_file_lints_clean(string file)
    {
        var lint = await BicepCli.RunAsync("lint", file);
        Assert.True(lint.ExitCode == 0, lint.ToString());
        var diagnostics = (lint.StandardOutput + lint.StandardError).Trim();
        Assert.True(diagnostics.Length == 0, diagnostics);
    }

    [Fact]
    public async Task Bicep_reports_a_broken_file_so_a_clean_run_means_something()
    {
        var dir = Directory.CreateTempSubdirectory("infra-tests-");
        try
        {
            var broken = Path.Combine(dir.FullName, "broken.bicep");
            await File.WriteAllTextAsync(broken, "param unused string\noutput x int = 'not a number'\n", TestContext.Current.CancellationToken);
            var lint = await BicepCli.RunAsync("lint", broken);
            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains("Error", lint.StandardError, StringComparison.Ordinal);
            Assert.Contains("no-unused-params", lint.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
