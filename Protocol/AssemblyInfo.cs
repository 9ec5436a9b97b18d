using System.Runtime.CompilerServices;

// The tests compare the STREAM fast path with the general frame writer, which is internal.
[assembly: InternalsVisibleTo("AgentPlatform.Protocol.UnitTests")]

namespace AgentPlatform.Protocol;
