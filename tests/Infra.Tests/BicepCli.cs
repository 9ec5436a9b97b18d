using System.Diagnostics;
using System.Reflection;

namespace AgentPlatform.Infra.Tests;

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package this project restores (its folder is baked into
/// the assembly at build time), run as a child process with a bounded wait.
/// </summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<string> LazyPath = new(Locate);

    public static string Path => LazyPath.Value;

    public static async Task<BicepResult> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestSupport.RepoPaths.Root,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // No telemetry or first-run output mixed into what the tests read.
        psi.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("bicep did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish in {Timeout}");
        }
        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    private static string Locate()
    {
        var package = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPackageDirectory")?.Value;
        if (string.IsNullOrEmpty(package) || !Directory.Exists(package))
        {
            throw new InvalidOperationException($"The Azure.Bicep.CommandLine.linux-x64 package folder '{package}' is missing: restore tests/Infra.Tests.");
        }
        var path = System.IO.Path.Combine(package, "tools", OperatingSystem.IsWindows() ? "bicep.exe" : "bicep");
        if (!File.Exists(path)) throw new FileNotFoundException("bicep is not in its package", path);
        if (OperatingSystem.IsWindows()) return path;
        // NuGet may extract without the execute bits (or with the owner's only): add them, or run a private copy
        // when the package folder belongs to someone else.
        const UnixFileMode Executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & Executable) == Executable) return path;
        try
        {
            File.SetUnixFileMode(path, mode | Executable);
            return path;
        }
        catch (UnauthorizedAccessException)
        {
            var copy = System.IO.Path.Combine(Directory.CreateTempSubdirectory("bicep-").FullName, "bicep");
            File.Copy(path, copy);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return copy;
        }
    }
}
