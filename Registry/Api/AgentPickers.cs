using System.Collections.Concurrent;
using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Registry.Api;

/// <summary>
/// One round-robin picker per agent name, owned by the application (a DI singleton), so two Registry apps in one
/// process, or one app restarted in place, never share or inherit each other's rotation.
/// </summary>
public sealed class AgentPickers
{
    private readonly ConcurrentDictionary<string, InstancePicker> _pickers = new(StringComparer.Ordinal);

    public AgentInstance? Pick(string name, IReadOnlyList<AgentInstance> instances) =>
        _pickers.GetOrAdd(name, _ => new InstancePicker()).Pick(instances);
}
