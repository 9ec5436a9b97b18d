namespace AgentPlatform.AppHost.Composition;

/// <summary>A service AppHost can launch: its built dll and the project folder it runs in (its content root).</summary>
public sealed record ServiceProject(string Name, string DllPath, string ProjectDirectory);
