namespace AgentPlatform.Infra.Tests;

/// <summary>Every .bicep file under infra/, as repository-relative paths (the theory data of the lint test).</summary>
public static class BicepFiles
{
    public static string InfraDirectory => TestSupport.RepoPaths.Combine("infra");

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(System.IO.Path.GetRelativePath(TestSupport.RepoPaths.Root, file).Replace('\\', '/'));
        }
        return data;
    }
}
